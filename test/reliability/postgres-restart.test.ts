// Postgres stopped mid-sync and mid-request, then started again, under a running server with a
// real pool: requests during the outage get a clear 503 (health says the database is unreachable),
// nothing crashes (an unhandled rejection would fail this file), and after the restart the same
// process reconnects: health 200, a redelivered webhook is processed, the next sync succeeds and
// matches GitHub. Uses a private cluster (initdb + pg_ctl), never the shared one on 5432; runs in
// the DATABASE_URL pass of the suite only (the PGlite pass has no server to lose).
// Checked to fail without the protection: with the 503 decision in bot/server.ts forced off,
// /metrics answers 500 and the test fails (run). Before the lease fix in bot/sync/org-lease.ts the
// final sync was refused as "another sync of acme is running" (run). The webhook's 503
// (bot/server/webhooks.ts) is asserted directly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDb, openDb, type DbHandle } from "../../db/client.ts";
import { getDelivery } from "../../db/queries/webhook-deliveries.ts";
import { createEngine } from "../../bot/engine.ts";
import { loadEnv } from "../../bot/env.ts";
import { createGitHubApp, type GitHubApp } from "../../bot/github/client.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { createProbot } from "../../bot/server/probot.ts";
import { startSimulator, type Simulator } from "../../simulator/index.ts";
import { registerInstallations, syncOrg } from "../../bot/sync/index.ts";
import { loadFixture, postWebhook, simulatorEnv } from "../server/harness.ts";
import { quietLog } from "../sync/harness.ts";
import { expectInventoryMatches } from "../sync/inventory.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import { findPostgresBin, startPrivatePostgres, type PrivatePostgres } from "./private-postgres.ts";
import { until } from "./process.ts";

const found = findPostgresBin();
const skip = !process.env.DATABASE_URL ? "runs in the Postgres pass (DATABASE_URL set) only" : "skip" in found ? found.skip : undefined;

describe.skipIf(Boolean(skip))(`Postgres restarted under a running server${skip ? ` (skipped: ${skip})` : ""}`, () => {
  let pgc: PrivatePostgres;
  let sim: Simulator;
  let h: DbHandle;
  let github: GitHubApp;
  let server: RunningServer;
  let org: { id: number; login: string; installationId: number };
  const sync = () => syncOrg({ db: h.db, octokit: github.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });

  beforeAll(async () => {
    pgc = await startPrivatePostgres((found as { bin: string }).bin);
    sim = await startSimulator({ orgs: [{ login: "acme", grants: 400, requests: 3 }] });
    h = await openDb({ databaseUrl: pgc.url, max: 5 });
    await migrateDb(h);
    const env = loadEnv(simulatorEnv(sim));
    github = createGitHubApp({ appId: sim.app.id, privateKey: sim.app.privateKey, baseUrl: env.apiBaseUrl, retryBaseMs: 10, requestTimeoutMs: 5000, log: quietLog });
    await registerInstallations({ db: h.db, appOctokit: github.appOctokit });
    const row = await findOrgByLogin({ db: h.db, login: "acme" });
    org = { id: row!.id, login: "acme", installationId: row!.installationId! };
    const log = createLogger({ level: "silent" });
    const engine = createEngine({ db: h, github, log });
    const { probot } = await createProbot({ env, engine, log });
    server = await startServer({ engine, dbKind: h.kind, env, probot, log, port: 0, probeGitHub: async () => {} });
    const first = await sync();
    expect(first.status, first.error).toBe("succeeded");
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await h?.close().catch(() => {});
    await sim?.close();
    pgc?.destroy();
  });

  it("answers 503 during the outage, survives a sync cut mid-way, and carries on after the restart", async () => {
    sim.control.revokeGrant("acme", sim.control.org("acme").grants[5]!.id);
    sim.control.addGrant("acme");
    sim.control.setLatency(40);
    sim.control.clearRequestLog();
    const cut = sync().then((r) => ({ status: r.status, error: r.error }), (err: unknown) => ({ status: "threw", error: String(err) }));
    await until("the sync to be mid-sweep", () => sim.control.requestLog().filter((e) => e.path.endsWith("/personal-access-tokens")).length >= 2, 30_000);
    pgc.stop();
    const outcome = await cut;
    expect(outcome.status, outcome.error).not.toBe("succeeded");
    sim.control.setLatency(0);

    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    const report = (await health.json()) as { status: string; db: { ok: boolean; error: string } };
    expect(report).toMatchObject({ status: "down", db: { ok: false } });
    expect(report.db.error).toMatch(/^database unreachable: /);
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(503);
    expect(metrics.headers.get("retry-after")).toBe("5");
    expect(await metrics.json()).toMatchObject({ error: "database unavailable; retry shortly" });
    const deliveryId = `pg-outage-${Date.now()}`;
    const payload = loadFixture("personal_access_token_request.created");
    const hook = await postWebhook({ url: server.url, event: "personal_access_token_request", payload, secret: sim.app.webhookSecret, deliveryId });
    expect(hook.status, hook.body).toBe(503);
    expect(JSON.parse(hook.body)).toMatchObject({ error: expect.stringMatching(/database unavailable/) });

    pgc.start();
    await until("health 200 again", async () => (await fetch(`${server.url}/api/health`)).status === 200, 30_000);
    const again = await postWebhook({ url: server.url, event: "personal_access_token_request", payload, secret: sim.app.webhookSecret, deliveryId });
    expect(again.status, again.body).toBe(200);
    expect((await getDelivery({ db: h.db, deliveryId }))?.outcome).toMatch(/^(processed|ignored)$/);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    const next = await sync();
    expect(next.status, next.error).toBe("succeeded");
    await expectInventoryMatches({ db: h.db, orgId: org.id, truth: sim.control.org("acme") });
  }, 120_000);
});
