// The one front door. createEngine({ db, github, clock, log }) returns every verb the faces use,
// grouped by capability; the CLI, the HTTP server, the webhook handlers, the pg-boss jobs and the
// dashboard call these and never the database (docs/architecture.md). A verb takes one object and
// returns plain data, so in embedded mode a CLI in another process can call it over the server's
// loopback bridge (bot/engine-wire.ts) exactly as it would here.
import { openDb, type DbHandle } from "../db/client.ts";
import { InvalidInput } from "../model/errors.ts";
import { silentLog, type EngineContext, type EngineLog, type Scheduler } from "./engine-context.ts";
import { createAuditVerbs } from "./audit/verbs.ts";
import type { GitHubApp } from "./github/client.ts";
import { createCredentialVerbs } from "./credentials/verbs.ts";
import { createGrantVerbs } from "./grants/verbs.ts";
import { createOpsVerbs } from "./ops/verbs.ts";
import { createOffboardingVerbs } from "./offboard/verbs.ts";
import { createOrgVerbs } from "./orgs/verbs.ts";
import { createPeopleVerbs } from "./people/verbs.ts";
import { createPolicyVerbs } from "./policies/verbs.ts";
import { createReportVerbs } from "./reports/verbs.ts";
import { createRequestVerbs } from "./review/verbs.ts";
import { createRevocationVerbs } from "./revoke/verbs.ts";
import { createJobVerbs } from "./schedule/verbs.ts";
import { createSqlVerbs } from "./sql/verbs.ts";
import { createSyncVerbs } from "./sync/verbs.ts";

export type { EngineLog, Scheduler };
/** The open storage the engine runs on; faces hold it only to hand it to createEngine. */
export type EngineStorage = DbHandle;

export type EngineOptions = {
  db: EngineStorage;
  /**
   * The GitHub App: a client, a factory (called on first use; it may throw InvalidInput naming the
   * missing settings), or null when this process has none (then verbs that need it say so).
   */
  github?: GitHubApp | (() => GitHubApp) | null;
  clock?: () => Date;
  log?: EngineLog;
  /** The durable scheduler, once this process runs one (server); absent in the CLI. */
  scheduler?: () => Scheduler | null;
};

export function createEngine({ db, github = null, clock = () => new Date(), log = silentLog, scheduler = () => null }: EngineOptions) {
  let app: GitHubApp | undefined = github && typeof github !== "function" ? github : undefined;
  const ctx: EngineContext = {
    db: db.db,
    storage: db,
    github: () => {
      if (app) return app;
      if (typeof github === "function") return (app = github());
      throw new InvalidInput("github", "the GitHub App is not configured in this process: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)");
    },
    hasGitHub: () => {
      if (app || github === null) return Boolean(app);
      try {
        ctx.github();
        return true;
      } catch {
        return false;
      }
    },
    now: clock,
    log,
    scheduler,
  };
  return {
    orgs: createOrgVerbs(ctx),
    grants: createGrantVerbs(ctx),
    credentials: createCredentialVerbs(ctx),
    requests: createRequestVerbs(ctx),
    revocations: createRevocationVerbs(ctx),
    offboarding: createOffboardingVerbs(ctx),
    policies: createPolicyVerbs(ctx),
    reports: createReportVerbs(ctx),
    audit: createAuditVerbs(ctx),
    sync: createSyncVerbs(ctx),
    sql: createSqlVerbs(ctx),
    jobs: createJobVerbs(ctx),
    ops: createOpsVerbs(ctx),
    people: createPeopleVerbs(ctx),
  };
}

export type Engine = ReturnType<typeof createEngine>;
export type Capability = keyof Engine;

export type OpenEngineOptions = Omit<EngineOptions, "db"> & {
  /** postgres://… ; absent: embedded PGlite in pgliteDir. */
  databaseUrl?: string;
  pgliteDir?: string;
  /** Connections in the Postgres pool. */
  max?: number;
};

/** Opens the storage and builds the engine on it; close() closes the storage. */
export async function openEngine({ databaseUrl, pgliteDir, max, ...rest }: OpenEngineOptions): Promise<{ engine: Engine; storage: EngineStorage; close: () => Promise<void> }> {
  const storage = await openDb({ databaseUrl, pgliteDir, max });
  return { engine: createEngine({ db: storage, ...rest }), storage, close: () => storage.close() };
}
