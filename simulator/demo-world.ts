// The demo's world: the default orgs plus a few "stories" the README's examples rely on, so every
// command in its "try from a second terminal" block has something to show (test/cli/readme-examples.test.ts).
import { createRng, type Rng } from "./prng.ts";
import type { SimOrg, SimOrgSpec, SimState } from "./types.ts";

export const DEMO_ORGS: SimOrgSpec[] = [{ login: "acme", grants: 2000, stories: true }, { login: "globex", grants: 150 }];

/** How many grants of departed members keep administration:write on repositories (the README's second example). */
const LEFT_WITH_ADMIN = 4;

/**
 * Edits the generated org in place, from its own PRNG stream so the rest of the generated data is
 * unchanged: a few grants whose owner left the org hold repository administration at write.
 * Borrows other grants (handing them to a departed member) when too few departed members hold one.
 */
export function addDemoStories({ state, org }: { state: SimState; org: SimOrg }): void {
  const rng = createRng(state.seed, "stories", org.login.toLowerCase());
  const exMembers = [...org.exMemberIds];
  if (exMembers.length === 0) return;
  const reachesRepos = org.grants.all().filter((g) => g.repositorySelection !== "none");
  const departedFirst = [
    ...shuffle(rng, reachesRepos.filter((g) => org.exMemberIds.has(g.ownerId))),
    ...shuffle(rng, reachesRepos.filter((g) => !org.exMemberIds.has(g.ownerId))),
  ];
  for (const grant of departedFirst.slice(0, LEFT_WITH_ADMIN)) {
    if (!org.exMemberIds.has(grant.ownerId)) grant.ownerId = rng.pick(exMembers);
    grant.permissions = { ...grant.permissions, repository: { metadata: "read", ...grant.permissions.repository, administration: "write" } };
  }
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
