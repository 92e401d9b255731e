// Small Octokit plugins the stock ones lack. Order matters: Octokit wraps later plugins
// around earlier ones, so these sit inside plugin-retry (which then retries what they throw).
import type { Octokit, OctokitOptions } from "@octokit/core";
import { RequestError } from "@octokit/request-error";

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Parses JSON bodies with JSON.parse instead of @octokit/request's BigInt-safe parser, which
 * costs several times more CPU on 100-grant pages (GitHub's REST ids fit in a double). The body
 * is read here, right after the headers and inside the timeout, from the fetch Response itself,
 * which this hook keeps a reference to: undici cancels the body of a Response that was
 * garbage-collected, and a body stream read after that throws "Response body object should not
 * be disturbed or locked" (@octokit/request hands on only the stream and drops the Response).
 * A caller that asked for the raw stream (`parseSuccessResponseBody: false`) still gets it.
 */
export function fastJsonBody(octokit: Octokit): void {
  octokit.hook.wrap("request", async (request, opts) => {
    const current = (opts.request ?? {}) as Record<PropertyKey, unknown>;
    // On a retry the options still carry our own `false` from the previous attempt: not the caller's.
    const callerWantsStream = current.parseSuccessResponseBody === false && !current[FAST_JSON];
    if (callerWantsStream || opts.method === "HEAD") return request(opts);
    // On a retry `fetch` is our wrapper from the previous attempt: wrap the caller's (or the global) one.
    const baseFetch = (current[BASE_FETCH] ?? current.fetch ?? globalThis.fetch) as typeof fetch;
    let fetched: Response | undefined;
    const keepingFetch: typeof fetch = async (input, init) => (fetched = await baseFetch(input, init));
    opts.request = { ...opts.request, parseSuccessResponseBody: false, fetch: keepingFetch, [FAST_JSON]: true, [BASE_FETCH]: baseFetch };
    const response = await request(opts);
    const body: unknown = response.data;
    if (!(body instanceof ReadableStream)) return response;
    const type = String(response.headers["content-type"] ?? "");
    const raw = fetched?.body === body ? fetched : new Response(body);
    if (/json/i.test(type)) {
      const text = await raw.text();
      try {
        return { ...response, data: JSON.parse(text) as unknown };
      } catch {
        return { ...response, data: text }; // as @octokit/request does with bodies that are not JSON
      }
    }
    if (/^text\/|charset=utf-8$/i.test(type)) return { ...response, data: await raw.text() };
    return { ...response, data: await raw.arrayBuffer() };
  });
}

const FAST_JSON = Symbol("body parsed by fastJsonBody");
const BASE_FETCH = Symbol("the fetch fastJsonBody wraps");

/**
 * Aborts a request that has not answered within `requestTimeoutMs` and turns it into a 504, so
 * plugin-retry retries it like any 5xx. Each attempt gets its own timer: a retry starts fresh.
 */
export function requestTimeout(octokit: Octokit, options: OctokitOptions): void {
  const ms: number = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  octokit.hook.wrap("request", async (request, opts) => {
    const previous = (opts.request ?? {}) as Record<PropertyKey, unknown>;
    const outer = (CALLER_SIGNAL in previous ? previous[CALLER_SIGNAL] : previous.signal) as AbortSignal | undefined;
    const controller = new AbortController();
    const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
    // Inner hooks (auth-app's among them) were bound to this very options object and ignore
    // arguments, so the signal must be set on it, as a fresh `request` object (never the shared defaults).
    opts.request = { ...previous, signal, [CALLER_SIGNAL]: outer };
    const timer = setTimeout(() => controller.abort(), ms);
    try {
      return await request(opts);
    } catch (error) {
      if (controller.signal.aborted && !outer?.aborted) {
        throw new RequestError(`GitHub did not answer ${opts.method} ${opts.url} within ${ms} ms`, 504, {
          request: opts,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  });
}

const CALLER_SIGNAL = Symbol("caller's AbortSignal");

/**
 * @octokit/auth-app caches an installation token for 59 minutes whatever its `expires_at` says,
 * and only retries a 401 in the first seconds after minting one. A token revoked or expired early
 * (GHES clocks, the simulator's setTokenTtl) would then fail every call: recover once by minting
 * a fresh token and repeating the request. Only installation clients get this (`installationId`).
 */
export function renewTokenOn401(octokit: Octokit, options: OctokitOptions): void {
  if (options.auth?.installationId === undefined) return;
  octokit.hook.wrap("request", async (request, opts) => {
    try {
      return await request(opts);
    } catch (error) {
      if (!(error instanceof RequestError) || error.status !== 401) throw error;
      await octokit.auth({ type: "installation", refresh: true });
      return request(opts);
    }
  });
}
