// The per-IP rate limits on the webhook endpoint and the sign-in routes, at their defaults
// (bot/env.ts: RATE_LIMIT_WEBHOOKS_PER_MINUTE 6,000, RATE_LIMIT_SIGNIN_PER_MINUTE 60), against the
// real HTTP server: a burst as large as the bucket is all answered (GitHub redelivers 1,000 at a
// time), and the request after it is refused with 429 and Retry-After. The clock (Date only) is
// frozen while flooding, so no token refills and the boundary is exact on a slow machine too.
// Checked to fail without the protection (each change made by hand, this file run, then undone):
// - default of 0 ("no limit") or 500 in bot/env.ts: the first assertion of the test concerned fails
//   (the defaults are pinned here);
// - the limiter wired in bot/server.ts with perMinute 0 for webhooks: the 6,001st delivery answered
//   400 (bad signature), not 429; with perMinute 500: deliveries 501–6,000 answered 429, so a
//   1,000-delivery burst would be refused; sign-in with perMinute 0: the 61st login answered 404
//   (passed on to routing; no dashboard in this stack) instead of 429.
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { postWebhook, startStack, type Stack } from "../server/harness.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 5 }], sync: false });
}, 120_000);
afterAll(async () => stack?.close());
afterEach(() => vi.useRealTimers());

/** Sends `count` requests, `concurrency` at a time, and returns their statuses in order. */
async function flood(count: number, send: () => Promise<number>, concurrency = 50): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += concurrency) {
    statuses.push(...(await Promise.all(Array.from({ length: Math.min(concurrency, count - i) }, send))));
  }
  return statuses;
}

it("webhooks: 6,000 deliveries from one address are all answered, the next is refused with 429", async () => {
  expect(stack.env.RATE_LIMIT_WEBHOOKS_PER_MINUTE).toBe(6000);
  vi.useFakeTimers({ toFake: ["Date"] });
  // Wrong signatures: each is answered 401 by the handler, so none does work, but each passed the limiter.
  const hook = () => postWebhook({ url: stack.server.url, event: "ping", payload: { zen: "x" }, secret: "wrong" });
  const statuses = await flood(6000, async () => (await hook()).status);
  expect(statuses.filter((s) => s !== 401)).toEqual([]);
  const refused = await fetch(`${stack.server.url}/api/github/webhooks`, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "ping" }, body: "{}" });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(await refused.json()).toEqual({ error: expect.stringMatching(/too many requests; retry in \d+ s/) });
}, 180_000);

it("sign-in: 60 a minute from one address, the 61st refused with 429", async () => {
  expect(stack.env.RATE_LIMIT_SIGNIN_PER_MINUTE).toBe(60);
  vi.useFakeTimers({ toFake: ["Date"] });
  const login = async () => (await fetch(`${stack.server.url}/api/auth/login`, { redirect: "manual" })).status;
  const statuses = await flood(60, login, 10);
  expect(statuses.filter((s) => s === 429)).toEqual([]);
  const refused = await fetch(`${stack.server.url}/api/auth/login`, { redirect: "manual" });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
});
