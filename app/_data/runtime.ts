// The dashboard's one process-level handle. Why a global: the server process (bot/server.ts, run
// by tsx) owns the engine and the environment, while pages run from Next's separately
// bundled server chunks in the same process, with their own copies of every module. A
// module-level variable would not be shared across those copies; a Symbol.for key on globalThis is.
// Set once before the first request; read-only afterwards.
//
// No `import "server-only"` here (unlike the rest of app/_data): the server process imports this
// file outside Next, where that marker package does not resolve.
import { randomBytes } from "node:crypto";
import type { Env } from "../../bot/env.ts";
import type { Engine } from "../../bot/engine.ts";
import { createGitHubUserApi, type GitHubUserApi } from "../_lib/github-user.ts";
import { parseSecurityTeams, type SecurityTeams } from "../_lib/security-teams.ts";
import { deriveSessionKey } from "../_lib/session-crypto.ts";

export type DashboardRuntime = {
  /** The one front door: every page, route and action reads and acts through it. */
  engine: Engine;
  env: Env;
  sessionKey: Buffer;
  stateKey: Buffer;
  securityTeams: SecurityTeams;
  /** null when GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET are not set: sign-in is then impossible. */
  github: GitHubUserApi | null;
  now: () => Date;
  /** True when SESSION_SECRET was not set and a per-process secret was generated (sessions end on restart). */
  ephemeralSecret: boolean;
};

export type SetDashboardRuntimeOptions = {
  engine: Engine;
  env: Env;
  /** Defaults to process.env.SECURITY_TEAMS (org:team:read|revoke, comma-separated). */
  securityTeams?: string;
  /** Tests inject a fake GitHub; otherwise built from env. */
  github?: GitHubUserApi | null;
  now?: () => Date;
};

const KEY = Symbol.for("patwarden.dashboard.runtime");
type Slot = { [KEY]?: DashboardRuntime };

export function setDashboardRuntime(opts: SetDashboardRuntimeOptions): DashboardRuntime {
  const secret = opts.env.SESSION_SECRET ?? randomBytes(32).toString("base64url");
  const { GITHUB_CLIENT_ID: clientId, GITHUB_CLIENT_SECRET: clientSecret } = opts.env;
  const runtime: DashboardRuntime = {
    engine: opts.engine,
    env: opts.env,
    sessionKey: deriveSessionKey({ secret, purpose: "session" }),
    stateKey: deriveSessionKey({ secret, purpose: "oauth-state" }),
    securityTeams: parseSecurityTeams(opts.securityTeams ?? process.env.SECURITY_TEAMS),
    github: opts.github !== undefined ? opts.github
      : clientId && clientSecret
        ? createGitHubUserApi({ apiBaseUrl: opts.env.apiBaseUrl, webBaseUrl: opts.env.webBaseUrl, clientId, clientSecret })
        : null,
    now: opts.now ?? (() => new Date()),
    ephemeralSecret: !opts.env.SESSION_SECRET,
  };
  (globalThis as Slot)[KEY] = runtime;
  return runtime;
}

export function getDashboardRuntime(): DashboardRuntime {
  const runtime = (globalThis as Slot)[KEY];
  if (!runtime) {
    throw new Error("The dashboard has no database: start it with `npx patwarden start` (or `npm run demo`), not `next start`.");
  }
  return runtime;
}

export function clearDashboardRuntime(): void {
  delete (globalThis as Slot)[KEY];
}
