// The HTTP surface besides webhooks: health, metrics, the dashboard seam (scheduled syncs: test/jobs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHealthCheck } from "../../bot/server/health.ts";
import { createLogger } from "../../bot/server/log.ts";
import { chooseKind } from "../../bot/sync/sync-orgs.ts";
import { startServer } from "../../bot/server.ts";
import { postWebhook, startStack, type Stack } from "./harness.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 30, requests: 2 }, { login: "globex", grants: 10 }] });
});
afterAll(() => stack?.close());

describe("GET /api/health", () => {
  it("reports the database, GitHub and the version", async () => {
    const res = await fetch(`${stack.server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", version: "0.1.0", db: { ok: true }, github: { ok: true } });
  });

  it("checks GitHub at most once per interval, and says degraded while it is down", async () => {
    let probes = 0;
    let up = false;
    const check = createHealthCheck({
      engine: stack.engine, dbKind: "test", version: "x", ttlMs: 60_000,
      probe: async () => {
        probes++;
        if (!up) throw new Error("connect ECONNREFUSED");
      },
    });
    const first = await check();
    up = true;
    const second = await check();
    expect(probes).toBe(1);
    expect([first.status, second.status]).toEqual(["degraded", "degraded"]);
    expect(first.github.error).toBe("connect ECONNREFUSED");
  });
});

describe("GET /metrics", () => {
  it("exposes sync runs, last sync numbers, rate limit and webhook deliveries in Prometheus text", async () => {
    await postWebhook({ url: stack.server.url, event: "personal_access_token_request", payload: {}, secret: "wrong" });
    await stack.sim.control.createRequest("acme", {});
    const res = await fetch(`${stack.server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^patwarden_sync_runs_total\{org="acme",status="succeeded"\} 1$/m);
    expect(text).toMatch(/^patwarden_last_sync_duration_seconds\{org="acme",kind="full",status="succeeded"\} [\d.]+$/m);
    expect(text).toMatch(/^patwarden_last_sync_api_calls\{org="globex",kind="full"\} [1-9]\d*$/m);
    const installationId = stack.sim.control.org("acme").installationId;
    expect(text).toMatch(new RegExp(`^patwarden_rate_limit_remaining\\{installation="${installationId}",org="acme"\\} \\d+$`, "m"));
    expect(text).toMatch(/^patwarden_webhook_deliveries_total\{event="personal_access_token_request",outcome="processed"\} 1$/m);
    expect(text).toMatch(/^patwarden_active_grants\{org="acme"\} 30$/m);
    // Every sample line is "name{labels} number".
    for (const line of text.split("\n").filter((l) => l && !l.startsWith("#"))) expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[\d.e+]+$/);
  });
});

describe("other paths", () => {
  it("answers a landing text at / and 404 elsewhere without a dashboard", async () => {
    const landing = await fetch(`${stack.server.url}/`);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain("POST /api/github/webhooks");
    expect((await fetch(`${stack.server.url}/orgs/acme`)).status).toBe(404);
  });

  it("hands everything else to the dashboard handler when given one", async () => {
    const seen: string[] = [];
    const server = await startServer({
      engine: stack.engine, env: stack.env, log: createLogger({ level: "silent" }), port: 0,
      dashboard: async (req, res) => {
        seen.push(req.url ?? "");
        res.writeHead(200, { "content-type": "text/html" }).end("<h1>dashboard</h1>");
      },
    });
    try {
      expect(await (await fetch(`${server.url}/orgs/acme/grants?owner=a`)).text()).toBe("<h1>dashboard</h1>");
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/internal/cli`, { method: "POST" })).status).toBe(200); // no bridge: the dashboard's
      expect(seen).toEqual(["/orgs/acme/grants?owner=a", "/api/internal/cli"]);
    } finally {
      await server.close();
    }
  });

  it("answers webhooks with 503 when the App is not configured", async () => {
    const server = await startServer({ engine: stack.engine, env: stack.env, log: createLogger({ level: "silent" }), port: 0 });
    try {
      const res = await postWebhook({ url: server.url, event: "ping", payload: {}, secret: "x" });
      expect(res.status).toBe(503);
    } finally {
      await server.close();
    }
  });
});

describe("chooseKind", () => {
  const org = (lastFullSyncAt: Date | null) => ({ lastFullSyncAt }) as Parameters<typeof chooseKind>[0]["org"];
  const now = new Date("2026-03-01T12:00:00Z");
  it("runs a full sweep when none ran yet or the last is a day old, else incremental", () => {
    expect(chooseKind({ org: org(null), kind: "auto", now })).toBe("full");
    expect(chooseKind({ org: org(new Date("2026-02-28T12:00:00Z")), kind: "auto", now })).toBe("full");
    expect(chooseKind({ org: org(new Date("2026-03-01T01:00:00Z")), kind: "auto", now })).toBe("incremental");
    expect(chooseKind({ org: org(null), kind: "incremental", now })).toBe("incremental");
  });
});
