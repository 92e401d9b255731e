// Shared pieces of the policy tests against the simulator: the policy file put "in GitHub", and
// the ground truth an idle rule must match, computed from the simulator's own grants.
import type { Simulator } from "../../simulator/index.ts";
import type { GroundGrant } from "../../simulator/control.ts";

export const DAY = 86_400_000;

/** Commits the policy file to the org's .github repository (the simulator sends the push webhook). */
export async function putPolicy(sim: Simulator, org: string, yaml: string): Promise<void> {
  await sim.control.putFile(org, ".github", ".github/patwarden.yml", yaml);
}

const live = (g: GroundGrant, at: Date) => !g.token_expired && (g.token_expires_at === null || Date.parse(g.token_expires_at) > at.getTime());

/** Grant ids the simulator holds that an idle rule of `days` matches at `at` (excluding owners in `exceptOwners`). */
export function idleIds({ sim, org, days, at, exceptOwners = [] }: { sim: Simulator; org: string; days: number; at: Date; exceptOwners?: string[] }): number[] {
  const except = new Set(exceptOwners.map((o) => o.toLowerCase()));
  return sim.control.org(org).grants
    .filter((g) => live(g, at) && g.token_last_used_at !== null && at.getTime() - Date.parse(g.token_last_used_at) > days * DAY)
    .filter((g) => !except.has(g.owner.login.toLowerCase()))
    .map((g) => g.id)
    .sort((a, b) => a - b);
}

export const ownersOf = (sim: Simulator, org: string, ids: number[]): Map<string, number[]> => {
  const byId = new Map(sim.control.org(org).grants.map((g) => [g.id, g.owner.login]));
  const out = new Map<string, number[]>();
  for (const id of ids) out.set(byId.get(id)!, [...(out.get(byId.get(id)!) ?? []), id]);
  return out;
};

/** Grant ids listed in a warning issue's table ("| token | 100123 | rule | … |"). */
export const idsInBody = (body: string): number[] => [...body.matchAll(/^\| .*? \| (\d+) \| /gm)].map((m) => Number(m[1])).sort((a, b) => a - b);

export const sorted = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);
