// The demo's world: the default orgs plus a few "stories" the README's examples rely on, so every
// command in its "try from a second terminal" block has something to show (test/cli/readme-examples.test.ts).
import { createRng, type Rng } from "./prng.ts";
import type { SimCredential, SimOrg, SimOrgSpec, SimState } from "./types.ts";

/** acme: Enterprise Cloud with SAML SSO and ~300 credential authorizations; globex: no SSO (404). */
export const DEMO_ORGS: SimOrgSpec[] = [{ login: "acme", grants: 2000, stories: true, sso: true, credentials: 300 }, { login: "globex", grants: 150 }];

/** Grants of other orgs handed to the stories org's departed person (the person view, offboarding across orgs). */
const SHARED_GRANTS = 3;

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

/**
 * The offboarding story: the departed member holding the most administration:write grants becomes
 * `org.demo.departed` and is handed a few credentials (a classic PAT with admin:org and no expiry,
 * an SSH key, more), from their own stream so the other credentials stay as generated.
 */
export function addCredentialStories({ state, org }: { state: SimState; org: SimOrg }): void {
  const rng = createRng(state.seed, "stories-credentials", org.login.toLowerCase());
  const adminGrants = new Map<number, number>();
  for (const g of org.grants.all()) {
    if (org.exMemberIds.has(g.ownerId) && g.permissions.repository?.administration === "write") adminGrants.set(g.ownerId, (adminGrants.get(g.ownerId) ?? 0) + 1);
  }
  const [departedId] = [...adminGrants].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [];
  if (departedId === undefined || org.credentials.size === 0) return;
  org.demo.departed = state.users.get(departedId)!.login;
  const others = (type: SimCredential["type"]) => shuffle(rng, org.credentials.all().filter((c) => c.type === type && c.ownerId !== departedId));
  const pats = others("personal access token");
  const handed = [pats[0], pats[1], others("SSH key")[0], others("OAuth app token")[0]].filter((c): c is SimCredential => c !== undefined);
  for (const c of handed) c.ownerId = departedId;
  if (pats[0]) Object.assign(pats[0], { scopes: ["repo", "admin:org", "delete_repo"], expiresAt: null, note: "release automation" });
}

/**
 * After every org exists: the stories org's departed person also left every other org and still
 * holds a few grants there (handed over from each org's own stream).
 */
export function addSharedDeparture({ state, specs }: { state: SimState; specs: SimOrgSpec[] }): void {
  const storyOrg = specs.find((s) => s.stories && s.sso);
  const departed = storyOrg ? state.orgs.get(storyOrg.login.toLowerCase())?.demo.departed : undefined;
  const user = departed ? state.usersByLogin.get(departed.toLowerCase()) : undefined;
  if (!storyOrg || !user) return;
  for (const spec of specs) {
    const org = state.orgs.get(spec.login.toLowerCase())!;
    if (spec === storyOrg || org.members.has(user.id)) continue;
    const rng = createRng(state.seed, "stories-shared", org.login.toLowerCase());
    org.exMemberIds.add(user.id);
    for (const grant of shuffle(rng, org.grants.all().filter((g) => g.repositorySelection !== "none")).slice(0, SHARED_GRANTS)) grant.ownerId = user.id;
  }
}
