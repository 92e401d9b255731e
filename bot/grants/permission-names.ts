// Permission names and levels for validating filters, with "did you mean" suggestions for typos.
import { PERMISSIONS } from "../github/permissions.ts";

const LEVELS_BY_NAME = new Map<string, string[]>();
for (const scope of Object.values(PERMISSIONS)) {
  for (const [name, levels] of Object.entries(scope)) {
    const known = LEVELS_BY_NAME.get(name) ?? [];
    LEVELS_BY_NAME.set(name, [...new Set([...known, ...levels])]);
  }
}

/** The levels a permission accepts, weakest first; undefined for an unknown name. */
export function levelsFor(name: string): string[] | undefined {
  return LEVELS_BY_NAME.get(name);
}

/** Up to three known names closest to a typo (substring matches first, then edit distance). */
export function suggestPermissionNames(typo: string): string[] {
  const names = [...LEVELS_BY_NAME.keys()];
  const containing = names.filter((n) => n.includes(typo) || (typo.length >= 4 && typo.includes(n)));
  const scored = names
    .map((n) => ({ n, d: editDistance(typo, n) }))
    .filter(({ n, d }) => d <= Math.max(2, Math.floor(n.length / 3)) && !containing.includes(n))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .map(({ n }) => n);
  return [...containing.sort(), ...scored].slice(0, 3);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
