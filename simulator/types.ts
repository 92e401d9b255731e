// Shapes of the simulator's options and in-memory state. Times are epoch milliseconds inside the
// simulator and ISO strings only when rendered, so filters compare numbers.
import type { KeyObject } from "node:crypto";
import type { components } from "@octokit/openapi-types";
import type { PermissionMaps, RepositorySelection } from "../model/statuses.ts";
import type { Rng } from "./prng.ts";
import type { ManifestCode, RepoData } from "./repo-types.ts";
import type { SortedIndex } from "./sorted-index.ts";

export type { GitPerson, ManifestCode, RepoData, SimActor, SimComment, SimCommit, SimIssue, SimLabel } from "./repo-types.ts";

export type { PermissionMaps, RepositorySelection };

/** GitHub's simple-user, as render.ts renders it (typed here so types.ts need not import render.ts). */
export type SimpleUser = components["schemas"]["simple-user"];

export type SimOrgSpec = {
  login: string;
  grants: number;
  requests?: number;
  members?: number;
  repos?: number;
  /** Share of grants with repository_selection "subset" (default 0.6; the rest split evenly all/none). */
  subsetShare?: number;
  /** Add the demo's stories (simulator/demo-world.ts): departed members still holding administration:write. */
  stories?: boolean;
  /** Enterprise Cloud with SAML SSO: serves /orgs/{org}/credential-authorizations (404 otherwise). Default false. */
  sso?: boolean;
  /** SSO credential authorizations to generate when `sso` (default max(20, members × 0.8)). */
  credentials?: number;
};

export type SimulatorOptions = {
  /** 0 (default) = a random free port on 127.0.0.1. */
  port?: number;
  /** Deterministic data (default 1). */
  seed?: number;
  /** Default: acme with 2000 grants and globex with 150. */
  orgs?: SimOrgSpec[];
  webhookUrl?: string;
  /** Simulator clock (default: real time). Token expiry, rate-limit resets and `token_expired` follow it. */
  now?: () => Date;
  /** Initial behaviour switches (setBehaviour changes them later). */
  behaviour?: Partial<Behaviour>;
};

export type MemberRole = "admin" | "member";

export type SimUser = { id: number; login: string; name: string | null; email: string | null; createdAt: number };

export type SimRepo = { id: number; name: string; private: boolean; description: string | null; createdAt: number };

export type SimGrant = {
  id: number;
  ownerId: number;
  repositorySelection: RepositorySelection;
  /** Sorted ids; only meaningful for "subset". */
  repositoryIds: number[];
  permissions: PermissionMaps;
  accessGrantedAt: number;
  tokenId: number;
  tokenName: string;
  tokenExpiresAt: number | null;
  tokenLastUsedAt: number | null;
};

/** GitHub's credential_type words (ghec.json credential-authorization). */
export type SimCredentialType = "personal access token" | "SSH key" | "OAuth app token" | "GitHub app token";

/** One SSO credential authorization; `id` is the credential_id that DELETE takes. */
export type SimCredential = {
  id: number;
  ownerId: number;
  type: SimCredentialType;
  /** The underlying token or key (authorized_credential_id), stable across re-authorizations. */
  credentialId: number;
  authorizedAt: number;
  accessedAt: number | null;
  /** Tokens only (SSH keys have none). */
  tokenLastEight: string | null;
  scopes: string[];
  note: string | null;
  expiresAt: number | null;
  /** SSH keys only. */
  fingerprint: string | null;
  title: string | null;
};

export type SimRequest = Omit<SimGrant, "accessGrantedAt"> & { createdAt: number; reason: string | null };

export type SimInstallation = {
  id: number;
  createdAt: number;
  updatedAt: number;
  permissions: Record<string, string>;
  events: string[];
  suspendedAt: number | null;
  /** Uninstalled: gone from /app/installations, its tokens stop working. */
  deleted: boolean;
};

export type SimTeam = { id: number; slug: string; name: string; memberIds: Set<number> };

export type SimOrg = {
  id: number;
  login: string;
  createdAt: number;
  installation: SimInstallation;
  /** userId → role, in join order. */
  members: Map<number, MemberRole>;
  exMemberIds: Set<number>;
  repos: SimRepo[];
  reposById: Map<number, SimRepo>;
  /** Lower-cased name → repo. */
  reposByName: Map<string, SimRepo>;
  grants: SortedIndex<SimGrant>;
  requests: SortedIndex<SimRequest>;
  teams: Map<string, SimTeam>;
  /** Logins picked for sign-in demos (OAuth page); `departed`: the demo's offboarding story (demo-world.ts). */
  demo: { owner: string; member: string; securityTeamMember: string; departed?: string };
  /** SAML SSO on Enterprise Cloud: without it the credential-authorization routes answer 404. */
  sso: boolean;
  /** SSO credential authorizations, ascending by credential_id (the order the list serves). */
  credentials: SortedIndex<SimCredential>;
};

export type SimApp = {
  id: number;
  slug: string;
  name: string;
  clientId: string;
  clientSecret: string;
  webhookSecret: string;
  privateKey: string;
  publicKey: KeyObject;
  createdAt: number;
  /** What the App asks for (GET /app); a manifest conversion replaces them. */
  permissions: Record<string, string>;
  events: string[];
};

export type TokenRecord =
  | { kind: "installation"; installationId: number; expiresAt: number; permissions: Record<string, string> }
  | { kind: "user"; userId: number; expiresAt: number | null };

export type RateBucket = { limit: number; used: number; resetAt: number | null };

export type Fault = {
  path?: string | RegExp;
  method?: string;
  status?: number;
  /** How many requests it applies to; Infinity (or -1 over HTTP) = until cleared. */
  count: number;
  delayMs?: number;
  /**
   * "Slow then succeed": the request is performed at once and its answer held back this long, as
   * when GitHub creates an issue but answers after the client gave up (a client retry then meets
   * what the first attempt did).
   */
  answerDelayMs?: number;
  timeout?: boolean;
  reset?: boolean;
  secondaryRateLimit?: { retryAfter: number; status?: 403 | 429 };
};

export type FaultSpec = Omit<Fault, "count"> & { count?: number };

export type Behaviour = {
  bulkRevokeUnknown: "reject" | "partial";
  permissionFilter: "at_least" | "exact";
  /** Whether GET /orgs/{org}/credential-authorizations sends a Link header (unknown on GitHub, §4.1). */
  credentialLinks: boolean;
  /** The org bulk credential revokes for installations: 202, or 403 (GitHub's App permission is unknown, §4.3). */
  credentialBulkRevoke: "accepted" | "forbidden";
};

export type RequestLogEntry = {
  method: string;
  /** Path without the /api/v3 prefix and without the query. */
  path: string;
  /** Decoded query string without "?" (e.g. "token_id[]=5&per_page=100"). */
  query: string;
  status: number;
  installationId: number | null;
  at: string;
  notModified: boolean;
  /** Rate-limit points this call spent (0 for 304s, faults, free endpoints). */
  cost: number;
};

export type WebhookLogEntry = { event: string; action: string | null; deliveryId: string; status: number; at: string; error?: string };

export type SimState = {
  /** The simulator clock: the base clock (options.now or real time) plus `clockOffsetMs`. */
  now: () => Date;
  /** The clock before setClock moved it; App JWTs are also accepted against it (see auth.ts). */
  baseNow: () => Date;
  clockOffsetMs: number;
  rng: Rng;
  seed: number;
  app: SimApp;
  users: Map<number, SimUser>;
  /** Lower-cased login → user. */
  usersByLogin: Map<string, SimUser>;
  /** A known user in no org, for "non-member" sign-in demos. */
  outsiderLogin: string;
  orgs: Map<string, SimOrg>;
  orgsById: Map<number, SimOrg>;
  installations: Map<number, SimOrg>;
  nextId: { org: number; installation: number; user: number; repo: number; grant: number; token: number; request: number; team: number; extraRepo: number; issue: number; comment: number; label: number; credential: number; credentialTarget: number };
  tokens: Map<string, TokenRecord>;
  tokenTtlSec: number;
  rateLimits: Map<string, RateBucket>;
  faults: Fault[];
  latencyMs: number;
  behaviour: Behaviour;
  requestLog: RequestLogEntry[];
  webhookUrl: string | null;
  webhookLog: WebhookLogEntry[];
  oauthCodes: Map<string, { userId: number; clientId: string; redirectUri: string | null; expiresAt: number }>;
  urls: { url: string; apiUrl: string; host: string };
  /** Repository id → files and issues. */
  repoData: Map<number, RepoData>;
  /** App-manifest codes waiting for POST /app-manifests/{code}/conversions (single use, 1 h). */
  manifestCodes: Map<string, ManifestCode>;
  /** Rendered simple-user objects by user id (filled lazily, after urls are known). */
  userJson: Map<number, SimpleUser>;
};
