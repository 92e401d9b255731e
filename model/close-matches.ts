// "Did you mean …?" for any typed name: permissions, repositories, flags. One rule everywhere, so
// every face suggests the same names for the same typo.

/** Up to `limit` candidates closest to a typo (substring matches first, then edit distance), case-insensitive. */
export function closeMatches(typo: string, candidates: Iterable<string>, limit = 3): string[] {
  const t = typo.toLowerCase();
  const names = [...new Set(candidates)];
  const containing = names.filter((n) => {
    const l = n.toLowerCase();
    return l.includes(t) || (t.length >= 4 && t.includes(l));
  });
  const scored = names
    .filter((n) => !containing.includes(n))
    .map((n) => ({ n, d: editDistance(t, n.toLowerCase()) }))
    .filter(({ n, d }) => d <= Math.max(2, Math.floor(n.length / 3)))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .map(({ n }) => n);
  return [...containing.sort(), ...scored].slice(0, limit);
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
