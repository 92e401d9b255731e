// Security headers on every response, and the per-IP rate limits on sign-in and webhooks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "../../bot/env.ts";
import { startServer, type CreateServerOptions, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { createRateLimiter } from "../../bot/server/rate-limit.ts";
import { postWebhook, simulatorEnv, startStack, type Stack } from "./harness.ts";

let stack: Stack;
const extra: RunningServer[] = [];

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 5 }], sync: false });
});
afterAll(async () => {
  await Promise.all(extra.map((s) => s.close()));
  await stack?.close();
});

/** A server whose dashboard is a stand-in that, like Next, sets some headers of its own. */
async function serverWith(opts: Partial<CreateServerOptions> = {}): Promise<RunningServer> {
  const server = await startServer({
    engine: stack.engine, env: stack.env, log: createLogger({ level: "silent" }), port: 0, probot: stack.probot,
    dashboard: async (req, res) => {
      if (req.url?.startsWith("/api/auth/login")) return void res.writeHead(303, { location: "http://github.test/login/oauth/authorize" }).end();
      res.setHeader("cache-control", "private, no-store");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<h1>dashboard</h1>");
    },
    ...opts,
  });
  extra.push(server);
  return server;
}

function expectSecurityHeaders(res: Response): void {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  // The sign-in form's redirect goes to the GitHub web origin (here the simulator).
  expect(csp).toContain(`form-action 'self' ${new URL(stack.env.webBaseUrl).origin}`);
  expect(csp).not.toContain("unsafe-eval");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("permissions-policy")).toContain("camera=()");
}

describe("security headers", () => {
  it("are on a dashboard page, beside the dashboard's own headers", async () => {
    const server = await serverWith();
    const res = await fetch(`${server.url}/orgs/acme`);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("are on the API routes: health, metrics, webhooks", async () => {
    for (const [path, init] of [["/api/health", {}], ["/metrics", {}], ["/api/github/webhooks", { method: "POST" }]] as const) {
      const res = await fetch(`${stack.server.url}${path}`, init);
      expectSecurityHeaders(res);
      await res.arrayBuffer();
    }
  });

  it("add Strict-Transport-Security only when the browser is on https (TLS proxy)", async () => {
    const res = await fetch(`${stack.server.url}/api/health`, { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});

describe("rate limits", () => {
  it("refuse sign-in past the limit with 429 and Retry-After, and let it through again once tokens refill", async () => {
    let now = 1_000_000;
    const server = await serverWith({ rateLimiters: { signIn: createRateLimiter({ perMinute: 3, now: () => now }) } });
    const login = () => fetch(`${server.url}/api/auth/login`, { redirect: "manual" });
    expect([(await login()).status, (await login()).status, (await login()).status]).toEqual([303, 303, 303]);
    const refused = await login();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("20");
    expectSecurityHeaders(refused);
    expect((await fetch(`${server.url}/api/auth/callback?code=x&state=y`, { redirect: "manual" })).status).toBe(429);
    // Other dashboard pages are not limited.
    expect((await fetch(`${server.url}/orgs/acme`)).status).toBe(200);
    now += 20_000;
    expect((await login()).status).toBe(303);
    expect((await login()).status).toBe(429);
  });

  it("takes its limits from RATE_LIMIT_SIGNIN_PER_MINUTE and RATE_LIMIT_WEBHOOKS_PER_MINUTE", async () => {
    const env = loadEnv({ ...simulatorEnv(stack.sim), RATE_LIMIT_SIGNIN_PER_MINUTE: "1", RATE_LIMIT_WEBHOOKS_PER_MINUTE: "2" });
    const server = await serverWith({ env });
    const hook = () => postWebhook({ url: server.url, event: "ping", payload: {}, secret: "wrong" });
    expect([(await hook()).status, (await hook()).status]).toEqual([401, 401]);
    expect((await hook()).status).toBe(429);
    expect((await fetch(`${server.url}/api/auth/login`, { redirect: "manual" })).status).toBe(303);
    const refused = await fetch(`${server.url}/api/auth/login`, { redirect: "manual" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBe(60);
    expect(() => loadEnv({ RATE_LIMIT_WEBHOOKS_PER_MINUTE: "-1" })).toThrow(/RATE_LIMIT_WEBHOOKS_PER_MINUTE/);
  });

  it("never refuse a burst of 1,000 webhook deliveries from one address under the defaults", async () => {
    expect(stack.env.RATE_LIMIT_WEBHOOKS_PER_MINUTE).toBe(6000);
    const statuses: number[] = [];
    // 50 at a time, like a redelivery burst; bad signatures keep the handlers out of it.
    for (let i = 0; i < 1000; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () =>
        postWebhook({ url: stack.server.url, event: "ping", payload: { zen: "x" }, secret: "wrong" })));
      statuses.push(...batch.map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect(statuses.every((s) => s === 401)).toBe(true);
  }, 120_000);
});

describe("createRateLimiter", () => {
  it("refills evenly, caps at the burst, and keeps buckets apart per key", () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 2, now: () => now });
    expect([limiter.take("a").ok, limiter.take("a").ok, limiter.take("a").ok]).toEqual([true, true, false]);
    expect(limiter.take("b").ok).toBe(true);
    expect(limiter.take("a")).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 10 * 60_000;
    expect([limiter.take("a").ok, limiter.take("a").ok, limiter.take("a").ok]).toEqual([true, true, false]);
    expect(createRateLimiter({ perMinute: 0 }).take("a").ok).toBe(true);
  });
});
