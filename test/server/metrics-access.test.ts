// /metrics names every org and counts its grants: with METRICS_TOKEN only a Bearer caller reads it,
// without it only loopback callers not behind a proxy; and the server listens on HOST (loopback by default).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../bot/engine.ts";
import { loadEnv } from "../../bot/env.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { checkMetricsAccess } from "../../bot/server/metrics-access.ts";
import { assertBridgeReachable } from "../../bot/server/serve.ts";
import type { DbHandle } from "../../db/client.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";

const TOKEN = "metrics-token-0123456789abcdef";
let handle: DbHandle;
let engine: Engine;
const servers: RunningServer[] = [];

beforeAll(async () => {
  handle = await createTestDb();
  engine = testEngine({ handle, octokit: null });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await handle?.close();
});

async function serverWith(env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const server = await startServer({ engine, env: loadEnv(env), log: createLogger({ level: "silent" }), port: 0, probeGitHub: async () => {} });
  servers.push(server);
  return server;
}

describe("GET /metrics with METRICS_TOKEN", () => {
  it("answers 401 without a token and with a wrong one, 200 with the right one", async () => {
    const { url } = await serverWith({ METRICS_TOKEN: TOKEN });
    const none = await fetch(`${url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await none.text()).not.toMatch(/patwarden_/);
    const wrong = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${url}/metrics`, { headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
    const right = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toMatch(/^patwarden_info\{version="[^"]+"\} 1$/m);
  });
});

describe("GET /metrics without METRICS_TOKEN", () => {
  it("answers a loopback caller, but not one a proxy forwarded", async () => {
    const { url } = await serverWith({});
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    const proxied = await fetch(`${url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.7" } });
    expect(proxied.status).toBe(403);
    expect(((await proxied.json()) as { error: string }).error).toMatch(/METRICS_TOKEN/);
  });

  it("refuses callers from other addresses", () => {
    for (const remoteAddress of ["10.0.0.5", "::ffff:192.168.1.9", "2001:db8::1", undefined]) {
      expect(checkMetricsAccess({ token: undefined, headers: {}, remoteAddress })).toMatchObject({ ok: false, status: 403 });
    }
    for (const remoteAddress of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      expect(checkMetricsAccess({ token: undefined, headers: {}, remoteAddress })).toEqual({ ok: true });
    }
    // With a token, even loopback must present it.
    expect(checkMetricsAccess({ token: TOKEN, headers: {}, remoteAddress: "127.0.0.1" })).toMatchObject({ ok: false, status: 401 });
  });
});

describe("the listen address", () => {
  it("is 127.0.0.1 unless HOST says otherwise", async () => {
    const loopback = await serverWith({});
    expect(loopback.server.address()).toMatchObject({ address: "127.0.0.1" });
    expect(loopback.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const everywhere = await serverWith({ HOST: "0.0.0.0" });
    expect(everywhere.server.address()).toMatchObject({ address: "0.0.0.0" });
    expect(everywhere.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("rejects a HOST that is not an address, naming the variable", () => {
    expect(() => loadEnv({ HOST: "http://x" })).toThrow(/IP address or host name/);
    expect(() => loadEnv({ METRICS_TOKEN: "short" })).toThrow(/at least 16/);
  });
});

describe("HOST in embedded mode", () => {
  it("must include 127.0.0.1, where CLI commands look for the server's database", () => {
    for (const host of ["127.0.0.1", "0.0.0.0", "::", "localhost"]) expect(() => assertBridgeReachable(host)).not.toThrow();
    for (const host of ["192.168.1.20", "::1", "example.internal"]) expect(() => assertBridgeReachable(host)).toThrow(/^HOST: .* does not include 127\.0\.0\.1.*use 127\.0\.0\.1 or 0\.0\.0\.0, or set DATABASE_URL$/);
  });
});
