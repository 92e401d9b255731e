// Generation of SSO credential authorizations (GHEC with SAML SSO, github-pat-api.md §4): mostly
// classic PATs with realistic scope sets, SSH keys, a few OAuth and GitHub App user tokens, some
// never accessed, many without expiry, some owned by people who left. Each org draws from its own
// "credentials" PRNG stream, so turning SSO on changes none of the grants, requests or people.
import { createRng, type Rng } from "./prng.ts";
import { SortedIndex } from "./sorted-index.ts";
import type { SimCredential, SimCredentialType, SimOrg, SimState } from "./types.ts";

const DAY = 86_400_000;
const seconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** Classic PAT scope sets as people pick them: the first few are the common ones. */
const PAT_SCOPES: Array<[number, string[]]> = [
  [18, ["repo"]], [12, ["repo", "workflow"]], [10, ["repo", "read:org"]], [6, ["read:org"]],
  [6, ["repo", "workflow", "read:org"]], [5, ["write:packages", "read:packages"]], [4, ["gist"]],
  [4, ["repo", "admin:org"]], [3, ["repo", "delete_repo"]], [3, ["repo", "admin:repo_hook"]],
  [3, ["repo", "user"]], [3, ["repo", "workflow", "write:packages"]], [2, ["admin:org", "repo", "delete_repo", "workflow"]],
  [2, ["read:user", "user:email"]], [2, ["repo", "admin:org", "admin:repo_hook", "user", "gist", "workflow"]],
  [1, ["delete_repo"]], [1, ["admin:org"]], [1, ["repo", "write:packages", "delete:packages"]],
];
const PAT_NOTES = ["ci deploy", "laptop", "terraform", "release script", "homebrew tap", "renovate", "local dev", "backup job", "gh cli", "vscode", "jenkins", "migration script", "docs publisher", "npm publish"];
const SSH_TITLES = ["work laptop", "MacBook Pro", "build-server", "deploy", "desktop", "yubikey", "codespaces", "old laptop", "ci-runner", "thinkpad"];
const OAUTH_SCOPES: string[][] = [["repo", "read:org"], ["read:org"], ["repo", "user"], ["repo", "workflow", "read:org"]];
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE64 = `${ALNUM}+/`;

function weighted<T>(rng: Rng, items: Array<[number, T]>): T {
  let r = rng.next() * items.reduce((sum, [w]) => sum + w, 0);
  for (const [w, item] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![1];
}

function chars(rng: Rng, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng.next() * alphabet.length)];
  return out;
}

export function pickCredentialType(rng: Rng): SimCredentialType {
  return weighted<SimCredentialType>(rng, [[72, "personal access token"], [20, "SSH key"], [5, "OAuth app token"], [3, "GitHub app token"]]);
}

/** Last access 45% ≤ 7 d, 20% ≤ 30 d, 12% ≤ 180 d, 10% older, 13% never; never before authorization. */
function accessedAt(rng: Rng, authorizedAt: number, nowMs: number): number | null {
  const u = rng.next();
  if (u >= 0.87) return null;
  const ago = u < 0.45 ? rng.int(60_000, 7 * DAY) : u < 0.65 ? rng.int(7 * DAY, 30 * DAY) : u < 0.77 ? rng.int(30 * DAY, 180 * DAY) : rng.int(180 * DAY, 900 * DAY);
  return seconds(Math.max(authorizedAt + 60_000, nowMs - ago));
}

/** One credential of `type` (random when absent) for `ownerId`, with the fields GitHub sends for that type. */
export function generateCredential(args: { state: SimState; rng: Rng; nowMs: number; ownerId: number; type?: SimCredentialType }): SimCredential {
  const { state, rng, nowMs, ownerId } = args;
  const type = args.type ?? pickCredentialType(rng);
  const authorizedAt = seconds(nowMs - rng.int(DAY, 1100 * DAY));
  const accessed = accessedAt(rng, authorizedAt, nowMs);
  state.nextId.credentialTarget += rng.int(1, 5000);
  const base = { id: state.nextId.credential++, ownerId, type, credentialId: state.nextId.credentialTarget, authorizedAt, accessedAt: accessed };
  if (type === "SSH key") {
    return { ...base, tokenLastEight: null, scopes: [], note: null, expiresAt: null, fingerprint: `SHA256:${chars(rng, BASE64, 43)}`, title: rng.pick(SSH_TITLES) };
  }
  const token = { ...base, tokenLastEight: chars(rng, ALNUM, 8), fingerprint: null, title: null };
  if (type === "OAuth app token") return { ...token, scopes: [...rng.pick(OAUTH_SCOPES)], note: null, expiresAt: null };
  // GitHub App user-to-server tokens last 8 hours after they were last refreshed.
  if (type === "GitHub app token") return { ...token, scopes: [], note: null, expiresAt: seconds((accessed ?? authorizedAt) + 8 * 3_600_000) };
  // Classic PATs: 45% never expire; the rest picked a lifetime (some have expired since).
  const expiresAt = rng.chance(0.45) ? null : seconds(authorizedAt + rng.pick([7, 30, 60, 90, 90, 365, 365]) * DAY);
  return { ...token, scopes: [...weighted(rng, PAT_SCOPES)], note: rng.chance(0.85) ? rng.pick(PAT_NOTES) : null, expiresAt };
}

export function credentialIndex(items: Iterable<SimCredential> = []): SortedIndex<SimCredential> {
  return new SortedIndex<SimCredential>((c) => c.id, items);
}

/**
 * The org's credentials, from its own stream: owners are members (a few power users hold many)
 * and ~8% people who left. Ids are given in authorization order, so the list (ascending by id)
 * reads oldest authorization first.
 */
export function seedCredentials(args: { state: SimState; org: SimOrg; count: number }): void {
  const { state, org, count } = args;
  const rng = createRng(state.seed, "credentials", org.login.toLowerCase());
  const nowMs = state.now().getTime();
  const members = [...org.members.keys()];
  const left = [...org.exMemberIds];
  if (members.length === 0) return;
  const drafts: SimCredential[] = [];
  for (let i = 0; i < count; i++) {
    const ownerId = left.length > 0 && rng.chance(0.08) ? rng.pick(left) : members[rng.chance(0.3) ? Math.floor(members.length * rng.next() ** 3) : rng.int(0, members.length - 1)]!;
    drafts.push(generateCredential({ state, rng, nowMs, ownerId }));
  }
  const ids = drafts.map((c) => c.id).sort((a, b) => a - b);
  drafts.sort((a, b) => a.authorizedAt - b.authorizedAt || a.id - b.id).forEach((c, i) => (c.id = ids[i]!));
  org.credentials = credentialIndex(drafts);
}

export function defaultCredentialCount(org: SimOrg): number {
  return Math.max(20, Math.round((org.members.size + org.exMemberIds.size) * 0.8));
}
