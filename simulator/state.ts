// Builds the simulator's whole in-memory world: the App (fresh RSA key pair), users, orgs and
// their installations, and the knobs tests turn (faults, latency, behaviours, rate limits).
import { createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { addCredentialStories, addDemoStories, addSharedDeparture } from "./demo-world.ts";
import { createRng } from "./prng.ts";
import { addRepo, GOVERNANCE_REPOS } from "./repos.ts";
import { defaultCredentialCount, seedCredentials } from "./seed-credentials.ts";
import { DEFAULT_INSTALLATION_EVENTS, DEFAULT_INSTALLATION_PERMISSIONS, registerUser, seedOrg } from "./seed.ts";
import type { SimApp, SimOrg, SimOrgSpec, SimState, SimulatorOptions } from "./types.ts";

export const DEFAULT_ORGS: SimOrgSpec[] = [
  { login: "acme", grants: 2000 },
  { login: "globex", grants: 150 },
];

function createApp(seed: number, nowMs: number): SimApp {
  const rng = createRng(seed, "app");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let suffix = "";
  for (let i = 0; i < 12; i++) suffix += rng.pick([...alphabet]);
  return {
    id: 100_000 + rng.int(1, 899_999),
    slug: "patwarden-sim",
    name: "patwarden (simulator)",
    clientId: `Iv23li${suffix}`,
    clientSecret: randomBytes(20).toString("hex"),
    webhookSecret: randomBytes(20).toString("hex"),
    privateKey: pem,
    publicKey: createPublicKey(privateKey),
    createdAt: nowMs - 900 * 86_400_000,
    permissions: { ...DEFAULT_INSTALLATION_PERMISSIONS },
    events: [...DEFAULT_INSTALLATION_EVENTS],
  };
}

export function createState(options: SimulatorOptions): SimState {
  const seed = options.seed ?? 1;
  const nowMs = (options.now ?? (() => new Date()))().getTime();
  const state = emptyState(options, createApp(seed, nowMs));
  const specs = options.orgs ?? DEFAULT_ORGS;
  for (const spec of specs) addOrgToState({ state, spec });
  // Needs every org: a person who left the stories org also left (and holds grants in) the others.
  addSharedDeparture({ state, specs });
  state.outsiderLogin = registerUser({ state, login: "outsider", name: "Outside Collaborator", createdAt: nowMs - 400 * 86_400_000 }).login;
  return state;
}

/** A world with the App and no people or orgs: createState seeds it, world-file.ts restores a saved one into it. */
export function emptyState(options: SimulatorOptions, app: SimApp): SimState {
  const baseNow = options.now ?? (() => new Date());
  const seed = options.seed ?? 1;
  const state: SimState = {
    now: () => new Date(baseNow().getTime() + state.clockOffsetMs),
    baseNow,
    clockOffsetMs: 0,
    rng: createRng(seed, "runtime"),
    seed,
    app,
    users: new Map(),
    usersByLogin: new Map(),
    outsiderLogin: "",
    orgs: new Map(),
    orgsById: new Map(),
    installations: new Map(),
    // Separate id ranges so a grant id, a token id and a request id are never equal by accident.
    nextId: { org: 9_100_001, installation: 41_000_001, user: 1_000_001, repo: 600_000_001, grant: 100_001, token: 20_000_000, request: 5_000_001, team: 7_700_001, extraRepo: 900_000_001, issue: 3_100_000_001, comment: 4_200_000_001, label: 6_300_000_001, credential: 161_000_001, credentialTarget: 52_000_001 },
    tokens: new Map(),
    tokenTtlSec: 3600,
    rateLimits: new Map(),
    faults: [],
    latencyMs: 0,
    behaviour: { bulkRevokeUnknown: "reject", permissionFilter: "at_least", credentialLinks: true, credentialBulkRevoke: "accepted", ...options.behaviour },
    requestLog: [],
    webhookUrl: options.webhookUrl ?? null,
    webhookLog: [],
    oauthCodes: new Map(),
    urls: { url: "", apiUrl: "", host: "" },
    repoData: new Map(),
    manifestCodes: new Map(),
    userJson: new Map(),
  };
  return state;
}

export function addOrgToState(args: { state: SimState; spec: SimOrgSpec }): SimOrg {
  const { state, spec } = args;
  if (!/^[a-z\d](?:[a-z\d-]{0,38})$/i.test(spec.login)) throw new Error(`invalid org login ${JSON.stringify(spec.login)}`);
  if (state.orgs.has(spec.login.toLowerCase())) throw new Error(`org ${spec.login} already exists`);
  const org = seedOrg({ state, spec });
  if (spec.stories) addDemoStories({ state, org });
  if (spec.sso) {
    org.sso = true;
    seedCredentials({ state, org, count: spec.credentials ?? defaultCredentialCount(org) });
    if (spec.stories) addCredentialStories({ state, org });
  }
  // After the generated data and from their own id range, so seeded grants and repos stay as they were.
  for (const name of GOVERNANCE_REPOS) addRepo({ state, org, name, private: name !== ".github" });
  state.orgs.set(org.login.toLowerCase(), org);
  state.orgsById.set(org.id, org);
  state.installations.set(org.installation.id, org);
  return org;
}

export function findOrg(state: SimState, login: string): SimOrg | undefined {
  return state.orgs.get(login.toLowerCase());
}
