// The whole stack for server, webhook and CLI tests: simulator, fresh database, the App client,
// the Probot app and the real HTTP server, with the simulator delivering webhooks to it.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Probot } from "probot";
import type { DbHandle } from "../../db/client.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import type { Org } from "../../db/schema.ts";
import { loadEnv, type Env } from "../../bot/env.ts";
import { createEngine, type Engine } from "../../bot/engine.ts";
import { createGitHubApp, type GitHubApp } from "../../bot/github/client.ts";
import type { BackgroundJobs } from "../../bot/schedule/background.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { createProbot } from "../../bot/server/probot.ts";
import { syncOrgs } from "../../bot/sync/sync-orgs.ts";
import { signPayload, type Simulator, type SimOrgSpec } from "../../simulator/index.ts";
import { createTestDb } from "../helpers/db.ts";
import { withSimulator } from "../helpers/sim.ts";

export type Stack = {
  sim: Simulator;
  handle: DbHandle;
  rawEnv: NodeJS.ProcessEnv;
  env: Env;
  github: GitHubApp;
  engine: Engine;
  server: RunningServer;
  jobs: BackgroundJobs;
  probot: Probot;
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
  const engine = createEngine({ db: handle, github, log });
  const { probot, jobs } = await createProbot({ env, engine, log });
  const server = await startServer({ engine, dbKind: handle.kind, env, probot, log, port: 0 });
  sim.control.setWebhookUrl(`${server.url}/api/github/webhooks`);
  return {
    sim, handle, rawEnv, env, github, engine, server, jobs, probot,
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

/** A trimmed fixture from test/fixtures/<event>.<action>.json, as a fresh object. */
export function loadFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), "utf8")) as T;
}

/** POSTs a delivery the way GitHub does; `signature` overrides the correct one (null: none). */
export async function postWebhook({ url, event, payload, secret, deliveryId = randomUUID(), signature }: {
  url: string; event: string; payload: unknown; secret: string; deliveryId?: string; signature?: string | null;
}): Promise<{ status: number; body: string; deliveryId: string }> {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/test",
    "x-github-event": event,
    "x-github-delivery": deliveryId,
  };
  const sig = signature === undefined ? signPayload(secret, body).sha256 : signature;
  if (sig !== null) headers["x-hub-signature-256"] = sig;
  const res = await fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body });
  return { status: res.status, body: await res.text(), deliveryId };
}
