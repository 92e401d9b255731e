// Generation of one grant or request: permissions, repositories and token dates with the
// distributions patwarden's reports care about (stale, never used, expired, no expiry, broad).
import { PERMISSIONS, type PermissionScope } from "../model/permissions.ts";
import { REQUEST_REASONS, TOKEN_NAMES } from "./names.ts";
import type { Rng } from "./prng.ts";
import type { PermissionMaps, RepositorySelection, SimGrant, SimOrg, SimRequest, SimState } from "./types.ts";

const DAY = 86_400_000;
const seconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** [name, probability, share of the stronger level] for repository permissions beyond metadata. */
const REPO_ODDS: Array<[string, number, number]> = [
  ["contents", 0.75, 0.45], ["pull_requests", 0.4, 0.5], ["issues", 0.35, 0.4], ["actions", 0.15, 0.4],
  ["checks", 0.08, 0.5], ["statuses", 0.08, 0.5], ["deployments", 0.06, 0.5], ["workflows", 0.05, 1],
  ["packages", 0.05, 0.4], ["administration", 0.04, 0.4], ["security_events", 0.03, 0.2],
  ["vulnerability_alerts", 0.03, 0.1], ["discussions", 0.03, 0.5], ["pages", 0.03, 0.5],
  ["environments", 0.03, 0.3], ["secrets", 0.02, 0.5], ["repository_hooks", 0.02, 0.5],
  ["dependabot_secrets", 0.01, 0.5], ["codespaces", 0.01, 0.3],
];
const ORG_ODDS: Array<[string, number, number]> = [
  ["members", 0.7, 0.04], ["organization_projects", 0.2, 0.3], ["organization_administration", 0.15, 0.1],
  ["organization_hooks", 0.08, 0.3], ["organization_events", 0.08, 0], ["organization_plan", 0.06, 0],
  ["organization_secrets", 0.06, 0.3], ["organization_self_hosted_runners", 0.04, 0.5],
  ["organization_personal_access_tokens", 0.02, 0.3],
];
const OTHER_ODDS: Array<[string, number, number]> = [
  ["email_addresses", 0.5, 0], ["profile", 0.2, 1], ["followers", 0.2, 0], ["gpg_keys", 0.15, 0],
  ["git_ssh_keys", 0.15, 0.2], ["starring", 0.1, 0.3],
];

function levelFor(rng: Rng, scope: PermissionScope, name: string, strongShare: number): string {
  const allowed = PERMISSIONS[scope][name] ?? ["read"];
  if (allowed.length === 1) return allowed[0]!;
  if (!rng.chance(strongShare)) return allowed[0]!;
  // "admin" exists only for a few names; give it to a small share of the strong picks.
  return allowed.includes("admin") && rng.chance(0.3) ? "admin" : "write";
}

function pickFrom(rng: Rng, scope: PermissionScope, odds: Array<[string, number, number]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, p, strong] of odds) if (rng.chance(p)) out[name] = levelFor(rng, scope, name, strong);
  return out;
}

export function generatePermissions(rng: Rng, selection: RepositorySelection): PermissionMaps {
  const maps: PermissionMaps = {};
  if (selection !== "none") {
    maps.repository = { metadata: "read", ...pickFrom(rng, "repository", REPO_ODDS) };
    if (rng.chance(0.12)) maps.organization = pickFrom(rng, "organization", ORG_ODDS);
  } else {
    maps.organization = pickFrom(rng, "organization", ORG_ODDS);
    if (Object.keys(maps.organization).length === 0) maps.organization = { members: "read" };
  }
  if (rng.chance(0.06)) maps.other = pickFrom(rng, "other", OTHER_ODDS);
  // Sub-maps are absent rather than empty, as in GitHub's responses.
  for (const scope of ["organization", "repository", "other"] as const) {
    if (maps[scope] && Object.keys(maps[scope]!).length === 0) delete maps[scope];
  }
  return maps;
}

export function pickSelection(rng: Rng, subsetShare: number): RepositorySelection {
  const r = rng.next();
  if (r < subsetShare) return "subset";
  return r < subsetShare + (1 - subsetShare) / 2 ? "all" : "none";
}

export function pickRepositoryIds(rng: Rng, org: SimOrg, selection: RepositorySelection): number[] {
  if (selection !== "subset" || org.repos.length === 0) return [];
  const big = rng.chance(0.01);
  const wanted = big ? rng.int(100, 300) : 1 + Math.floor(29 * rng.next() ** 2);
  const count = Math.min(wanted, org.repos.length);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(org.repos[Math.floor(rng.next() * org.repos.length)]!.id);
  return [...chosen].sort((a, b) => a - b);
}

/** Last use 40% ≤7d, 20% ≤30d, 15% ≤90d, 15% older, 10% never; expiry 5% past, 5% ≤7d, 10% ≤30d, 55% later, 25% none. */
export function generateTokenDates(rng: Rng, nowMs: number) {
  const e = rng.next();
  let expiresAt: number | null;
  if (e < 0.05) expiresAt = nowMs - rng.int(3_600_000, 120 * DAY);
  else if (e < 0.1) expiresAt = nowMs + rng.int(3_600_000, 7 * DAY);
  else if (e < 0.2) expiresAt = nowMs + rng.int(7 * DAY, 30 * DAY);
  else if (e < 0.75) expiresAt = nowMs + rng.int(30 * DAY, 366 * DAY);
  else expiresAt = null;

  // The latest moment the token could have been used: it cannot be used after it expired.
  const usableUntil = expiresAt !== null && expiresAt < nowMs ? expiresAt : nowMs;
  const earliest = nowMs - 730 * DAY;
  const u = rng.next();
  let lastUsed: number | null;
  if (u < 0.4) lastUsed = usableUntil - rng.int(60_000, 7 * DAY);
  else if (u < 0.6) lastUsed = usableUntil - rng.int(7 * DAY, 30 * DAY);
  else if (u < 0.75) lastUsed = usableUntil - rng.int(30 * DAY, 90 * DAY);
  else if (u < 0.9) lastUsed = usableUntil - rng.int(90 * DAY, 700 * DAY);
  else lastUsed = null;
  if (lastUsed !== null && lastUsed < earliest + DAY) lastUsed = earliest + DAY;

  // Granted before first use; most lifetimes stay under ~400 days unless last use forbids it.
  const grantedCeiling = (lastUsed ?? Math.min(usableUntil, nowMs)) - 60_000;
  let grantedFloor = expiresAt !== null ? Math.max(earliest, expiresAt - 400 * DAY) : earliest;
  if (grantedFloor > grantedCeiling - 2 * 3_600_000) grantedFloor = Math.max(earliest, grantedCeiling - 60 * DAY);
  const grantedAt = rng.int(grantedFloor, grantedCeiling);
  return {
    accessGrantedAt: seconds(grantedAt),
    tokenLastUsedAt: lastUsed === null ? null : seconds(lastUsed),
    tokenExpiresAt: expiresAt === null ? null : seconds(expiresAt),
  };
}

export function pickTokenName(rng: Rng): string {
  const base = rng.pick(TOKEN_NAMES);
  return rng.chance(0.15) ? `${base} ${rng.int(2, 9)}` : base;
}

function nextTokenId(state: SimState, rng: Rng): number {
  // Sparse but increasing, so token ids look like GitHub's and never collide with grant ids.
  state.nextId.token += rng.int(1, 40);
  return state.nextId.token;
}

export function generateGrant(args: { state: SimState; org: SimOrg; rng: Rng; nowMs: number; ownerId: number; subsetShare?: number }): SimGrant {
  const { state, org, rng, nowMs, ownerId } = args;
  const selection = pickSelection(rng, args.subsetShare ?? 0.6);
  const dates = generateTokenDates(rng, nowMs);
  return {
    id: state.nextId.grant++,
    ownerId,
    repositorySelection: selection,
    repositoryIds: pickRepositoryIds(rng, org, selection),
    permissions: generatePermissions(rng, selection),
    tokenId: nextTokenId(state, rng),
    tokenName: pickTokenName(rng),
    ...dates,
  };
}

export function generateRequest(args: { state: SimState; org: SimOrg; rng: Rng; nowMs: number; ownerId: number }): SimRequest {
  const { state, org, rng, nowMs, ownerId } = args;
  const selection = pickSelection(rng, 0.6);
  const createdAt = seconds(nowMs - rng.int(60_000, 21 * DAY));
  return {
    id: state.nextId.request++,
    ownerId,
    reason: rng.chance(0.8) ? rng.pick(REQUEST_REASONS) : null,
    repositorySelection: selection,
    repositoryIds: pickRepositoryIds(rng, org, selection),
    permissions: generatePermissions(rng, selection),
    createdAt,
    tokenId: nextTokenId(state, rng),
    tokenName: pickTokenName(rng),
    tokenExpiresAt: rng.chance(0.8) ? seconds(createdAt + rng.int(30 * DAY, 366 * DAY)) : null,
    tokenLastUsedAt: rng.chance(0.3) ? seconds(rng.int(createdAt, nowMs)) : null,
  };
}
