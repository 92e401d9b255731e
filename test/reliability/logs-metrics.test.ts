// Operations, through the real process: `patwarden start` writes only JSON lines to stdout; every
// HTTP request gets an id (a sane incoming x-request-id is kept, anything else replaced) that is
// echoed in the response and carried by the request's log lines; webhook lines carry the
// X-GitHub-Delivery id; no secret reaches the log; /metrics exposes sync durations, API calls, rate
// limit per installation, revocations, job queue depth and deliveries by outcome.
// Checked to fail without the protection: with requestIdOf keeping any incoming id (the
// SANE_REQUEST_ID check in bot/server/log.ts removed) the forged id is echoed and the test fails
// (run). The header, `reqId` and `deliveryId` on the request line (bot/server.ts) and each metrics
// family are asserted directly, so removing any of them fails an expect.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { countQueuedJobsByState } from "../../db/queries/metrics.ts";
import { startSimulator, type Simulator } from "../../simulator/index.ts";
import { runCli } from "../cli/run-cli.ts";
import { createTestDb } from "../helpers/db.ts";
import { createWorkspace, until, type Workspace } from "./process.ts";

let sim: Simulator;
let ws: Workspace;
beforeAll(async () => {
  sim = await startSimulator({ orgs: [{ login: "acme", grants: 40, requests: 2 }] });
  ws = await createWorkspace({ sim, prefix: "ops", env: { LOG_LEVEL: "info" } });
  if (ws.env.DATABASE_URL) expect((await runCli(["migrate"], { env: ws.env })).code).toBe(0);
  expect((await runCli(["sync", "--org", "acme"], { env: ws.env })).code).toBe(0);
  const victim = sim.control.org("acme").grants[0]!.id;
  const revoke = await runCli(["revoke", "--org", "acme", "--ids", String(victim), "--reason", "reliability test", "--yes"], { env: ws.env });
  expect(revoke.code, revoke.err).toBe(0);
}, 180_000);
afterAll(async () => {
  await ws?.close();
  await sim?.close();
});

type Line = Record<string, unknown>;

it("logs JSON lines with request ids and delivery ids, and exposes the metrics", async () => {
  const server = await ws.startServer();
  sim.control.setWebhookUrl(`${server.url}/api/github/webhooks`);
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

  const kept = await get("/", { "x-request-id": "edge-7f3a.42" });
  expect(kept.headers.get("x-request-id")).toBe("edge-7f3a.42");
  const odd = await get("/nowhere", { "x-request-id": `"}{"level":60,"msg":"forged ${"x".repeat(20)}` });
  const oddId = odd.headers.get("x-request-id")!;
  expect(oddId).toMatch(/^[0-9a-f-]{36}$/);
  const fresh = await get("/");
  const freshId = fresh.headers.get("x-request-id")!;
  expect(freshId).toMatch(/^[0-9a-f-]{36}$/);
  expect(freshId).not.toBe(oddId);
  await sim.control.createRequest("acme");
  const delivery = sim.control.webhookLog().at(-1)!;
  expect(delivery.status).toBe(200);

  const metrics = await get("/metrics");
  expect(metrics.status).toBe(200);
  const text = await metrics.text();
  const samples = new Map<string, number>();
  for (const line of text.split("\n").filter((l) => l && !l.startsWith("#"))) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (-?[\d.e+]+)$/.exec(line);
    expect(m, `not a Prometheus sample: ${line}`).not.toBeNull();
    samples.set(m![1]!, Number(m![2]));
  }
  const installationId = sim.control.org("acme").installationId;
  expect(samples.get('patwarden_sync_duration_seconds_count{org="acme",kind="full"}')).toBe(1);
  expect(samples.get('patwarden_sync_duration_seconds_sum{org="acme",kind="full"}')).toBeGreaterThan(0);
  expect(samples.get('patwarden_github_api_calls_total{org="acme",kind="full"}')).toBeGreaterThan(0);
  expect(samples.get(`patwarden_rate_limit_remaining{installation="${installationId}",org="acme"}`)).toBeGreaterThan(0);
  expect(samples.get('patwarden_revocations_total{org="acme",outcome="revoked"}')).toBe(1);
  expect(samples.get('patwarden_revocation_jobs{status="succeeded"}')).toBe(1);
  expect(samples.get('patwarden_webhook_deliveries_total{event="personal_access_token_request",outcome="processed"}')).toBe(1);
  expect(text).toMatch(/^# TYPE patwarden_job_queue_depth gauge$/m);

  server.child.kill("SIGTERM");
  expect(await server.exited, server.output()).toBe(0);
  const lines: Line[] = server.stdout().split("\n").filter(Boolean).map((l) => {
    try {
      return JSON.parse(l) as Line;
    } catch {
      throw new Error(`stdout line is not JSON: ${l}`);
    }
  });
  for (const l of lines) expect(l).toMatchObject({ level: expect.any(Number), time: expect.any(Number), msg: expect.any(String) });
  const requests = lines.filter((l) => l.msg === "request");
  expect(requests.find((l) => l.reqId === "edge-7f3a.42")).toMatchObject({ method: "GET", path: "/", status: 200 });
  expect(requests.find((l) => l.reqId === oddId)).toMatchObject({ path: "/nowhere", status: 404 });
  expect(requests.find((l) => l.reqId === freshId)).toMatchObject({ path: "/", status: 200 });
  expect(requests.every((l) => typeof l.reqId === "string")).toBe(true);
  expect(lines.some((l) => l.level === 60)).toBe(false); // the forged id did not inject a line
  const hook = requests.find((l) => l.deliveryId === delivery.deliveryId);
  expect(hook).toMatchObject({ method: "POST", path: "/api/github/webhooks", status: 200, reqId: expect.any(String) });
  const output = server.output();
  for (const secret of [sim.app.webhookSecret, sim.app.clientSecret, sim.app.privateKey.split("\n")[1]!]) expect(output).not.toContain(secret);
});

it("counts pg-boss jobs by queue and state when its table exists, and nothing when it does not", async () => {
  const h = await createTestDb();
  try {
    const exists = async () => ((await h.db.execute(sql`select to_regclass('pgboss.job')::text as t`)) as unknown as { rows: { t: string | null }[] }).rows[0]!.t;
    if (!(await exists())) {
      expect(await countQueuedJobsByState({ db: h.db })).toEqual([]);
      await h.db.execute(sql`create schema pgboss`);
      await h.db.execute(sql`create table pgboss.job (name text not null, state text not null)`);
      await h.db.execute(sql`insert into pgboss.job values ('sync', 'created'), ('sync', 'created'), ('sync', 'active'), ('report', 'failed')`);
      expect(await countQueuedJobsByState({ db: h.db })).toEqual([
        { queue: "report", state: "failed", n: 1 }, { queue: "sync", state: "active", n: 1 }, { queue: "sync", state: "created", n: 2 },
      ]);
    } else {
      const direct = (await h.db.execute(sql`select count(*)::int as n from pgboss.job`)) as unknown as { rows: { n: number }[] };
      const counted = await countQueuedJobsByState({ db: h.db });
      expect(counted.reduce((a, r) => a + r.n, 0)).toBe(direct.rows[0]!.n);
    }
  } finally {
    await h.close();
  }
});
