// Deterministic org generation from (seed, org spec): people, repositories, a security team,
// grants and pending requests. Every org draws from its own PRNG stream, so appending an org to
// the options leaves the earlier orgs unchanged (ids and login de-duplication follow option order).
import { FIRST_NAMES, LAST_NAMES, LOGIN_SUFFIXES, REPO_PREFIXES, REPO_SUFFIXES } from "./names.ts";
import { createRng, type Rng } from "./prng.ts";
import { credentialIndex } from "./seed-credentials.ts";
import { generateGrant, generateRequest } from "./seed-grants.ts";
import { SortedIndex } from "./sorted-index.ts";
import type { MemberRole, SimGrant, SimOrg, SimOrgSpec, SimRepo, SimRequest, SimState, SimUser } from "./types.ts";

const DAY = 86_400_000;
export const DEFAULT_INSTALLATION_PERMISSIONS: Record<string, string> = {
  organization_personal_access_tokens: "write",
  organization_personal_access_token_requests: "write",
  members: "read",
  // Policy files live in `.github`, notices become issues in governance repos (issue #4).
  metadata: "read",
  // Org "Administration": read lists SSO credential authorizations, write removes them (issue #14).
  organization_administration: "write",
  contents: "write",
  issues: "write",
};
export const DEFAULT_INSTALLATION_EVENTS = ["organization", "personal_access_token_request", "push"];

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function generateLogin(rng: Rng): { login: string; name: string } {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const name = `${capitalize(first)} ${capitalize(last)}`;
  const styles = [
    `${first}${last}`, `${first}-${last}`, `${first[0]}${last}`, `${first}${last[0]}`,
    `${last}-${first}`, `${first}-${rng.pick(LOGIN_SUFFIXES)}`, `${first}${rng.int(70, 99)}`,
    `${first}${last}-${rng.pick(LOGIN_SUFFIXES)}`,
  ];
  return { login: rng.pick(styles), name };
}

/** Adds a user with a globally unique login (a number is appended on collision). */
export function registerUser(args: { state: SimState; login: string; name: string | null; createdAt: number }): SimUser {
  const { state } = args;
  let login = args.login;
  for (let n = 2; state.usersByLogin.has(login.toLowerCase()); n++) login = `${args.login}${n}`;
  const user: SimUser = {
    id: state.nextId.user++,
    login,
    name: args.name,
    email: args.name && args.name.length % 3 === 0 ? `${login}@users.noreply.example.com` : null,
    createdAt: args.createdAt,
  };
  state.users.set(user.id, user);
  state.usersByLogin.set(login.toLowerCase(), user);
  return user;
}

function generateRepos(args: { state: SimState; rng: Rng; count: number; nowMs: number }): SimRepo[] {
  const { state, rng, count, nowMs } = args;
  const names = new Set<string>();
  const repos: SimRepo[] = [];
  while (repos.length < count) {
    let name = `${rng.pick(REPO_PREFIXES)}-${rng.pick(REPO_SUFFIXES)}`;
    for (let n = 2; names.has(name); n++) name = `${name.replace(/-\d+$/, "")}-${n}`;
    names.add(name);
    repos.push({
      id: state.nextId.repo++,
      name,
      private: rng.chance(0.8),
      description: rng.chance(0.7) ? `${capitalize(name.replace(/-/g, " "))} for the team` : null,
      createdAt: nowMs - rng.int(30 * DAY, 2000 * DAY),
    });
  }
  return repos;
}

export function seedOrg(args: { state: SimState; spec: SimOrgSpec }): SimOrg {
  const { state, spec } = args;
  const rng = createRng(state.seed, "org", spec.login.toLowerCase());
  const nowMs = state.now().getTime();
  const grantCount = Math.max(0, Math.floor(spec.grants));
  const memberCount = spec.members ?? Math.max(10, Math.round(grantCount / 3));
  const repoCount = spec.repos ?? Math.max(20, Math.round(grantCount / 10));
  const joined = (): number => nowMs - rng.int(30 * DAY, 3000 * DAY);

  const people: SimUser[] = [];
  for (let i = 0; i < memberCount - 3; i++) {
    const { login, name } = generateLogin(rng);
    people.push(registerUser({ state, login, name: rng.chance(0.7) ? name : null, createdAt: joined() }));
  }
  const lower = spec.login.toLowerCase();
  const owner = registerUser({ state, login: `${lower}-owner`, name: `${capitalize(lower)} Owner`, createdAt: joined() });
  const dev = registerUser({ state, login: `${lower}-dev`, name: `${capitalize(lower)} Developer`, createdAt: joined() });
  const secops = registerUser({ state, login: `${lower}-secops`, name: `${capitalize(lower)} Security`, createdAt: joined() });
  people.push(owner, dev, secops);

  const members = new Map<number, MemberRole>(people.map((u) => [u.id, "member"]));
  members.set(owner.id, "admin");
  const adminCount = Math.max(2, Math.round(memberCount * 0.03));
  for (let i = 1; i < adminCount; i++) members.set(people[rng.int(0, people.length - 4)]!.id, "admin");

  const exCount = grantCount > 0 ? Math.max(1, Math.ceil((grantCount * 0.04) / 3)) : 1;
  const exMembers: SimUser[] = [];
  for (let i = 0; i < exCount; i++) {
    const { login, name } = generateLogin(rng);
    exMembers.push(registerUser({ state, login, name, createdAt: joined() }));
  }

  const repos = generateRepos({ state, rng, count: repoCount, nowMs });
  const org: SimOrg = {
    id: state.nextId.org++,
    login: spec.login,
    createdAt: nowMs - 2500 * DAY,
    installation: {
      id: state.nextId.installation++,
      createdAt: nowMs - 800 * DAY,
      updatedAt: nowMs - 30 * DAY,
      permissions: { ...DEFAULT_INSTALLATION_PERMISSIONS },
      events: [...DEFAULT_INSTALLATION_EVENTS],
      suspendedAt: null,
      deleted: false,
    },
    members,
    exMemberIds: new Set(exMembers.map((u) => u.id)),
    repos,
    reposById: new Map(repos.map((r) => [r.id, r])),
    reposByName: new Map(repos.map((r) => [r.name.toLowerCase(), r])),
    grants: new SortedIndex<SimGrant>((g) => g.accessGrantedAt),
    requests: new SortedIndex<SimRequest>((r) => r.createdAt),
    teams: new Map(),
    demo: { owner: owner.login, member: dev.login, securityTeamMember: secops.login },
    // Filled by addOrgToState from its own stream when the spec asks for SSO (seed-credentials.ts).
    sso: false,
    credentials: credentialIndex(),
  };
  const plain = people.filter((u) => members.get(u.id) === "member" && u !== dev && u !== secops);
  const teammate = plain.length > 0 ? rng.pick(plain) : dev;
  org.teams.set("security", { id: state.nextId.team++, slug: "security", name: "Security", memberIds: new Set([secops.id, teammate.id]) });

  // A third of owners are picked with a strong skew, so a few power users hold many tokens.
  const pickOwner = (): number => {
    if (exMembers.length > 0 && rng.chance(0.04)) return rng.pick(exMembers).id;
    const index = rng.chance(0.3) ? Math.floor(people.length * rng.next() ** 3) : rng.int(0, people.length - 1);
    return people[index]!.id;
  };
  const grants: SimGrant[] = [];
  for (let i = 0; i < grantCount; i++) {
    grants.push(generateGrant({ state, org, rng, nowMs, ownerId: pickOwner(), subsetShare: spec.subsetShare }));
  }
  org.grants = new SortedIndex<SimGrant>((g) => g.accessGrantedAt, grants);
  const requestCount = spec.requests ?? Math.max(3, Math.round(grantCount * 0.01));
  const requests: SimRequest[] = [];
  for (let i = 0; i < requestCount; i++) {
    requests.push(generateRequest({ state, org, rng, nowMs, ownerId: people[rng.int(0, people.length - 1)]!.id }));
  }
  org.requests = new SortedIndex<SimRequest>((r) => r.createdAt, requests);
  return org;
}
