// patwarden's Octokit plugins with a scripted fetch and a controlled clock: pacing, the
// per-attempt timeout (retried like a 5xx), and JSON parsing that leaves raw streams alone.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Octokit } from "@octokit/core";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fastJsonBody, requestTimeout } from "../../bot/github/plugins.ts";
import { clientOptions } from "../../bot/github/client.ts";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json; charset=utf-8" } });

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Advances the fake clock in small steps with real setImmediate turns between them: plugin-retry's
 * Bottleneck yields with setImmediate (bot/github/bottleneck-yield.ts), so a timer set after a yield
 * must be registered before the clock passes it.
 */
async function advance(ms: number, step = 10): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    await new Promise((r) => setImmediate(r));
    await vi.advanceTimersByTimeAsync(step);
  }
}

describe("pacing (plugin-throttling's global limiter with minTime)", () => {
  it("starts one request per interval", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
    const started: string[] = [];
    const fetch = async (url: string) => {
      started.push(url);
      return json([]);
    };
    const { throttle } = clientOptions({ baseUrl: "http://sim.invalid", minRequestIntervalMs: 50 });
    const P = Octokit.plugin(throttling);
    const o = new P({ baseUrl: "http://sim.invalid", throttle, request: { fetch }, log: quiet });
    const all = Promise.all(["/a", "/b", "/c"].map((p) => o.request(`GET ${p}`)));
    // Bottleneck starts a job a few of its yields after it is scheduled: 5 ms steps leave room for them.
    await advance(20, 5);
    expect(started).toHaveLength(1);
    await advance(40, 5);
    expect(started).toHaveLength(2);
    await advance(50, 5);
    expect(started).toHaveLength(3);
    await all;
  });

  it("is on by default for api.github.com only, and can be set", () => {
    expect(clientOptions({ baseUrl: "https://api.github.com" }).minRequestIntervalMs).toBe(70);
    expect(clientOptions({ baseUrl: "https://ghe.example.com/api/v3/" })).toMatchObject({ baseUrl: "https://ghe.example.com/api/v3", minRequestIntervalMs: 0 });
    expect(clientOptions({ baseUrl: "https://api.github.com", minRequestIntervalMs: 0 }).minRequestIntervalMs).toBe(0);
  });
});

describe("requestTimeout", () => {
  it("gives up on an attempt after the timeout and lets plugin-retry try again", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
    let calls = 0;
    const fetch = (_url: string, init: { signal?: AbortSignal }) => {
      calls++;
      if (calls === 2) return Promise.resolve(json([{ id: 1 }]));
      // The first attempt never answers; only the abort ends it.
      return new Promise<Response>((_, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    };
    const P = Octokit.plugin(requestTimeout, retry);
    const o = new P({ baseUrl: "http://sim.invalid", requestTimeoutMs: 1000, retry: { retryAfterBaseValue: 1 }, request: { fetch }, log: quiet });
    const pending = o.request("GET /x");
    await advance(1100);
    const res = await pending;
    expect(calls).toBe(2);
    expect(res.data).toEqual([{ id: 1 }]);
  });

  it("fails with a 504 naming the call when every attempt times out", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
    const fetch = (_url: string, init: { signal?: AbortSignal }) =>
      new Promise<Response>((_, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const P = Octokit.plugin(requestTimeout);
    const o = new P({ baseUrl: "http://sim.invalid", requestTimeoutMs: 500, request: { fetch }, log: quiet });
    const pending = o.request("GET /slow").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    const err = (await pending) as { status: number; message: string };
    expect(err.status).toBe(504);
    expect(err.message).toContain("GET /slow within 500 ms");
  });
});

describe("fastJsonBody", () => {
  it("parses JSON bodies, and hands a caller who asked for the stream the stream", async () => {
    const fetch = async () => json({ hello: "world", n: 12345678901 });
    const P = Octokit.plugin(fastJsonBody);
    const o = new P({ baseUrl: "http://sim.invalid", request: { fetch }, log: quiet });
    expect((await o.request("GET /x")).data).toEqual({ hello: "world", n: 12345678901 });
    const raw = await o.request("GET /x", { request: { parseSuccessResponseBody: false } });
    expect(raw.data).toBeInstanceOf(ReadableStream);
    expect(JSON.parse(await new Response(raw.data as ReadableStream).text())).toEqual({ hello: "world", n: 12345678901 });
  });

  it("reads the body from the fetch Response it keeps, so a garbage-collected Response cannot cancel it", async () => {
    // undici cancels the body stream of a Response that was garbage-collected; reading that stream
    // later threw "Response body object should not be disturbed or locked" (seen under load).
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const server = createServer((_req, res) => {
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.end(JSON.stringify({ hello: "world" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      // A hook between fetch and fastJsonBody that yields to the event loop, as any slow path may:
      // the Response @octokit/request dropped is collected and its finalizer runs.
      const collectInside = (octokit: Octokit) => octokit.hook.wrap("request", async (request, opts) => {
        const response = await request(opts);
        for (let i = 0; i < 5; i++) {
          gc();
          await new Promise((r) => setTimeout(r, 10));
        }
        return response;
      });
      const P = Octokit.plugin(collectInside, fastJsonBody);
      const o = new P({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log: quiet });
      for (let i = 0; i < 3; i++) expect((await o.request("GET /x")).data).toEqual({ hello: "world" });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
