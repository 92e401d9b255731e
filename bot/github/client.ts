// The GitHub App client factory: an App (JWT) client and per-installation clients, against
// api.github.com, GHES or the simulator (`baseUrl` = env.apiBaseUrl). Sync code does not depend
// on this type: it takes any Octokit with `.request` (Probot's context.octokit included).
import { createAppAuth } from "@octokit/auth-app";
import { requireAppCredentials, type Env } from "../env.ts";
import { Octokit } from "@octokit/core";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck/light.js";
import "./bottleneck-yield.ts";
import { fastJsonBody, renewTokenOn401, requestTimeout, DEFAULT_REQUEST_TIMEOUT_MS } from "./plugins.ts";

// Inner to outer: body parsing inside the timeout, then 401 renewal, retry (each attempt timed
// afresh), throttling (which also paces request starts: pacedGlobal below).
const PatwardenOctokit = Octokit.plugin(fastJsonBody, requestTimeout, renewTokenOn401, retry, throttling).defaults({
  userAgent: "patwarden",
});
export type GitHubClient = InstanceType<typeof PatwardenOctokit>;

export type GitHubAppOptions = {
  appId: number | string;
  privateKey: string;
  /** REST root: https://api.github.com, or http(s)://HOST/api/v3 for GHES and the simulator. */
  baseUrl: string;
  /** Per-attempt timeout; an expiry is retried like a 5xx. */
  requestTimeoutMs?: number;
  /** Longest wait for a rate-limit reset or a retry-after; beyond it the call fails with RateLimited. */
  maxRateLimitWaitMs?: number;
  /** Retries of 5xx and timeouts; backoff is (attempt²) × retryBaseMs. */
  retries?: number;
  retryBaseMs?: number;
  /**
   * Least time between request starts. Default 70 ms (≈ 850 a minute, under github.com's 900
   * points per minute per endpoint) for api.github.com; 0 elsewhere (GHES has rate limits off
   * unless its admin enables them; the simulator has none).
   */
  minRequestIntervalMs?: number;
  log?: { debug: (m: string) => unknown; info: (m: string) => unknown; warn: (m: string) => unknown; error: (m: string) => unknown };
};

export type GitHubApp = {
  /** Authenticated as the App (JWT): /app, /app/installations, /orgs/{org}/installation. */
  appOctokit: GitHubClient;
  /** Authenticated as one installation; tokens are minted, cached and renewed transparently. */
  installationOctokit: (installationId: number) => GitHubClient;
};

export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;
export const GITHUB_COM_REQUEST_INTERVAL_MS = 70;

/**
 * Spaces out request starts by `minTime`: plugin-throttling's global limiter (10 in flight, as its
 * own) with Bottleneck's minTime. github.com allows at most 900 points a minute per endpoint
 * (secondary limit, docs/github-api.md §7); a 10,000-grant sweep makes ~6,000 repository calls,
 * which unpaced would trip it and draw retry-after waits (or worse). The plugin takes this group
 * as `throttle.global`, as it takes `write` and `search`. One per client, so each installation is
 * paced on its own (the plugin's own group is one per process).
 */
function pacedGlobal(minTime: number): Bottleneck.Group {
  return new Bottleneck.Group({ maxConcurrent: 10, minTime });
}

/** The Octokit options of one client of this App; each client gets its own (exported for tests). */
export function clientOptions(opts: Omit<GitHubAppOptions, "appId" | "privateKey">) {
  const maxWaitMs = opts.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  const baseUrl = opts.baseUrl.replace(/\/+$/, "");
  const minRequestIntervalMs = opts.minRequestIntervalMs ?? (new URL(baseUrl).hostname === "api.github.com" ? GITHUB_COM_REQUEST_INTERVAL_MS : 0);
  return {
    baseUrl,
    minRequestIntervalMs,
    authStrategy: createAppAuth,
    requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    retry: { retries: opts.retries ?? 4, retryAfterBaseValue: opts.retryBaseMs ?? 1000 },
    throttle: {
      // Returning false lets the 403/429 surface; calls.ts turns it into RateLimited with the reset time.
      onRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
        retryCount < 2 && retryAfter * 1000 <= maxWaitMs,
      onSecondaryRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
        retryCount < 3 && retryAfter * 1000 <= maxWaitMs,
      ...(minRequestIntervalMs > 0 ? { global: pacedGlobal(minRequestIntervalMs) } : {}),
    },
    ...(opts.log ? { log: opts.log } : {}),
  };
}

export function createGitHubApp(opts: GitHubAppOptions): GitHubApp {
  const appOctokit = new PatwardenOctokit({ ...clientOptions(opts), auth: { appId: opts.appId, privateKey: opts.privateKey } });
  // One client per installation, so its token cache survives across syncs in this process.
  const clients = new Map<number, GitHubClient>();
  return {
    appOctokit,
    installationOctokit(installationId) {
      let client = clients.get(installationId);
      if (!client) {
        client = new PatwardenOctokit({
          ...clientOptions(opts),
          auth: { appId: opts.appId, privateKey: opts.privateKey, installationId },
        });
        clients.set(installationId, client);
      }
      return client;
    },
  };
}

/** The App from the environment, built on first use; throws InvalidInput naming the missing variable. */
export function gitHubAppFromEnv(env: Env): () => GitHubApp {
  let app: GitHubApp | undefined;
  return () => {
    if (app) return app;
    const { appId, privateKey } = requireAppCredentials(env);
    return (app = createGitHubApp({ appId, privateKey, baseUrl: env.apiBaseUrl }));
  };
}
