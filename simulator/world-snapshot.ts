// The simulator's world as plain JSON and back: what GitHub would remember across a restart (the
// App, people, orgs, grants, requests, SSO state and credentials, repository files and issues, the clock offset), not what a
// process holds (tokens, rate limits, faults, logs, the webhook URL). Bump WORLD_VERSION when the
// shape changes; an older file is then replaced by a fresh world (world-file.ts).
import { createPublicKey } from "node:crypto";
import { z } from "zod";
import { credentialIndex } from "./seed-credentials.ts";
import { SortedIndex } from "./sorted-index.ts";
import { emptyState } from "./state.ts";
import type { MemberRole, RepoData, SimCredential, SimGrant, SimIssue, SimCommit, SimLabel, SimOrg, SimRepo, SimRequest, SimState, SimUser, SimulatorOptions, SimInstallation } from "./types.ts";

export const WORLD_VERSION = 2;

const id = z.number().int();
const ms = z.number();
const Permissions = z.object({ organization: z.record(z.string(), z.string()).optional(), repository: z.record(z.string(), z.string()).optional(), other: z.record(z.string(), z.string()).optional() });
const TokenFields = {
  id, ownerId: id, repositorySelection: z.enum(["all", "subset", "none"]), repositoryIds: z.array(id), permissions: Permissions,
  tokenId: id, tokenName: z.string(), tokenExpiresAt: ms.nullable(), tokenLastUsedAt: ms.nullable(),
};
const Grant = z.object({ ...TokenFields, accessGrantedAt: ms });
const Request = z.object({ ...TokenFields, createdAt: ms, reason: z.string().nullable() });
const Credential = z.object({
  id, ownerId: id, type: z.enum(["personal access token", "SSH key", "OAuth app token", "GitHub app token"]), credentialId: id,
  authorizedAt: ms, accessedAt: ms.nullable(), tokenLastEight: z.string().nullable(), scopes: z.array(z.string()),
  note: z.string().nullable(), expiresAt: ms.nullable(), fingerprint: z.string().nullable(), title: z.string().nullable(),
});
const User = z.object({ id, login: z.string(), name: z.string().nullable(), email: z.string().nullable(), createdAt: ms });
const Repo = z.object({ id, name: z.string(), private: z.boolean(), description: z.string().nullable(), createdAt: ms });
// Files and issues are checked for their shape, not field by field: they are read back as written.
const Loose = z.record(z.string(), z.unknown());
const Org = z.object({
  id, login: z.string(), createdAt: ms,
  installation: z.object({ id, createdAt: ms, updatedAt: ms, permissions: z.record(z.string(), z.string()), events: z.array(z.string()), suspendedAt: ms.nullable(), deleted: z.boolean() }),
  members: z.array(z.tuple([id, z.enum(["admin", "member"])])),
  exMemberIds: z.array(id),
  repos: z.array(Repo),
  grants: z.array(Grant),
  requests: z.array(Request),
  teams: z.array(z.object({ id, slug: z.string(), name: z.string(), memberIds: z.array(id) })),
  demo: z.object({ owner: z.string(), member: z.string(), securityTeamMember: z.string(), departed: z.string().optional() }),
  sso: z.boolean(),
  credentials: z.array(Credential),
});

export const WorldSnapshot = z.object({
  version: z.literal(WORLD_VERSION),
  /** What the world was generated from: a different seed or org list starts a fresh world. */
  origin: z.object({ seed: z.number(), orgs: z.array(Loose) }),
  app: z.object({ id, slug: z.string(), name: z.string(), clientId: z.string(), clientSecret: z.string(), webhookSecret: z.string(), privateKey: z.string().includes("PRIVATE KEY"), createdAt: ms, permissions: z.record(z.string(), z.string()), events: z.array(z.string()) }),
  clockOffsetMs: z.number(),
  nextId: z.record(z.string(), id),
  outsiderLogin: z.string(),
  users: z.array(User),
  orgs: z.array(Org),
  repoData: z.array(z.tuple([id, z.object({ commits: z.array(Loose), issues: z.array(Loose), labels: z.array(Loose) })])),
});
export type WorldSnapshot = z.infer<typeof WorldSnapshot>;
export type WorldOrigin = WorldSnapshot["origin"];

export function snapshotWorld(state: SimState, origin: WorldOrigin): WorldSnapshot {
  const { publicKey: _derived, ...app } = state.app;
  return {
    version: WORLD_VERSION,
    origin,
    app,
    clockOffsetMs: state.clockOffsetMs,
    nextId: { ...state.nextId },
    outsiderLogin: state.outsiderLogin,
    users: [...state.users.values()],
    orgs: [...state.orgs.values()].map((o) => ({
      id: o.id, login: o.login, createdAt: o.createdAt, installation: o.installation,
      members: [...o.members], exMemberIds: [...o.exMemberIds], repos: o.repos,
      grants: [...o.grants.all()], requests: [...o.requests.all()],
      teams: [...o.teams.values()].map((t) => ({ ...t, memberIds: [...t.memberIds] })),
      demo: o.demo,
      sso: o.sso, credentials: [...o.credentials.all()],
    })),
    repoData: [...state.repoData].map(([repoId, d]) => [repoId, { commits: d.commits, issues: d.issues, labels: [...d.labels.values()] }]),
  };
}

export function restoreWorld(options: SimulatorOptions, snap: WorldSnapshot): SimState {
  const state = emptyState(options, { ...snap.app, publicKey: createPublicKey(snap.app.privateKey) });
  state.clockOffsetMs = snap.clockOffsetMs;
  Object.assign(state.nextId, snap.nextId);
  state.outsiderLogin = snap.outsiderLogin;
  for (const user of snap.users as SimUser[]) {
    state.users.set(user.id, user);
    state.usersByLogin.set(user.login.toLowerCase(), user);
  }
  for (const o of snap.orgs) {
    const repos = o.repos as SimRepo[];
    const org: SimOrg = {
      id: o.id, login: o.login, createdAt: o.createdAt, installation: o.installation as SimInstallation,
      members: new Map(o.members as Array<[number, MemberRole]>),
      exMemberIds: new Set(o.exMemberIds),
      repos,
      reposById: new Map(repos.map((r) => [r.id, r])),
      reposByName: new Map(repos.map((r) => [r.name.toLowerCase(), r])),
      grants: new SortedIndex<SimGrant>((g) => g.accessGrantedAt, o.grants as SimGrant[]),
      requests: new SortedIndex<SimRequest>((r) => r.createdAt, o.requests as SimRequest[]),
      teams: new Map(o.teams.map((t) => [t.slug, { ...t, memberIds: new Set(t.memberIds) }])),
      demo: o.demo,
      sso: o.sso,
      credentials: credentialIndex(o.credentials as SimCredential[]),
    };
    state.orgs.set(org.login.toLowerCase(), org);
    state.orgsById.set(org.id, org);
    state.installations.set(org.installation.id, org);
  }
  for (const [repoId, d] of snap.repoData) {
    const labels = d.labels as SimLabel[];
    const data: RepoData = { commits: d.commits as SimCommit[], issues: d.issues as SimIssue[], labels: new Map(labels.map((l) => [l.name.toLowerCase(), l])) };
    state.repoData.set(repoId, data);
  }
  return state;
}
