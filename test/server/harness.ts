// The whole stack for server, webhook and CLI tests: simulator, fresh database, the App client,
// the Probot app and the real HTTP server, with the simulator delivering webhooks to it.
import type { DbHandle } from "../../db/client.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import type { Org } from "../../db/schema.ts";
import { loadEnv, type Env } from "../../bot/env.ts";
import { createGitHubApp, type GitHubApp } from "../../bot/github/client.ts";
import type { BackgroundJobs } from "../../bot/handlers/background.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { createProbot } from "../../bot/server/probot.ts";
import { syncOrgs } from "../../bot/server/sync-orgs.ts";
import type { Simulator, SimOrgSpec } from "../../bot/simulator/index.ts";
import { createTestDb } from "../helpers/db.ts";
import { withSimulator } from "../helpers/sim.ts";

export type Stack = {
  sim: Simulator;
  handle: DbHandle;
  rawEnv: NodeJS.ProcessEnv;
  env: Env;
  github: GitHubApp;
  server: RunningServer;
  jobs: BackgroundJobs;
  org: (login: string) => Promise<Org>;
  close: () => Promise<void>;
};

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export function simulatorEnv(sim: Simulator): NodeJS.ProcessEnv {
  return {
    APP_ID: String(sim.app.id),
    PRIVATE_KEY: sim.app.privateKey,
    WEBHOOK_SECRET: sim.app.webhookSecret,
    GITHUB_CLIENT_ID: sim.app.clientId,
    GITHUB_CLIENT_SECRET: sim.app.clientSecret,
    GHE_HOST: sim.host,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "silent",
  };
}

export async function startStack({ orgs, sync = true }: { orgs?: SimOrgSpec[]; sync?: boolean } = {}): Promise<Stack> {
  const sim = await withSimulator(orgs ? { orgs } : {});
  const handle = await createTestDb();
  const rawEnv = simulatorEnv(sim);
  const env = loadEnv(rawEnv);
  // Short backoff so a fault costs milliseconds, not the production seconds.
  const github = createGitHubApp({ appId: sim.app.id, privateKey: sim.app.privateKey, baseUrl: env.apiBaseUrl, retryBaseMs: 10, requestTimeoutMs: 5000, log: quiet });
  if (sync) {
    const { results } = await syncOrgs({ db: handle.db, github, kind: "full", trigger: "test" });
    const failed = results.filter((r) => !r.ok);
    if (failed.length) throw new Error(`setup sync failed: ${failed.map((f) => f.error).join("; ")}`);
  }
  const log = createLogger({ level: "silent" });
  const { probot, jobs } = await createProbot({ env, db: handle.db, log });
  const server = await startServer({ db: handle.db, dbKind: handle.kind, env, probot, log, port: 0 });
  sim.control.setWebhookUrl(`${server.url}/api/github/webhooks`);
  return {
    sim, handle, rawEnv, env, github, server, jobs,
    async org(login) {
      const org = await findOrgByLogin({ db: handle.db, login });
      if (!org) throw new Error(`org ${login} not in the database`);
      return org;
    },
    async close() {
      await jobs.idle();
      await server.close();
      await handle.close();
      await sim.close();
    },
  };
}
