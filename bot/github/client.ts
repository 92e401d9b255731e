// The GitHub App client factory: an App (JWT) client and per-installation clients, against
// api.github.com, GHES or the simulator (`baseUrl` = env.apiBaseUrl). Sync code does not depend
// on this type: it takes any Octokit with `.request` (Probot's context.octokit included).
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { fastJsonBody, renewTokenOn401, requestTimeout, DEFAULT_REQUEST_TIMEOUT_MS } from "./plugins.ts";

// Inner to outer: body parsing inside the timeout, both inside the 401 renewal, inside retry,
// inside throttling.
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
  log?: { debug: (m: string) => unknown; info: (m: string) => unknown; warn: (m: string) => unknown; error: (m: string) => unknown };
};

export type GitHubApp = {
  /** Authenticated as the App (JWT): /app, /app/installations, /orgs/{org}/installation. */
  appOctokit: GitHubClient;
  /** Authenticated as one installation; tokens are minted, cached and renewed transparently. */
  installationOctokit: (installationId: number) => GitHubClient;
};

export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;

export function createGitHubApp(opts: GitHubAppOptions): GitHubApp {
  const maxWaitMs = opts.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  const common = {
    baseUrl: opts.baseUrl.replace(/\/+$/, ""),
    authStrategy: createAppAuth,
    requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    retry: { retries: opts.retries ?? 4, retryAfterBaseValue: opts.retryBaseMs ?? 1000 },
    throttle: {
      // Returning false lets the 403/429 surface; calls.ts turns it into RateLimited with the reset time.
      onRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
        retryCount < 2 && retryAfter * 1000 <= maxWaitMs,
      onSecondaryRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
        retryCount < 3 && retryAfter * 1000 <= maxWaitMs,
    },
    ...(opts.log ? { log: opts.log } : {}),
  };
  const appOctokit = new PatwardenOctokit({ ...common, auth: { appId: opts.appId, privateKey: opts.privateKey } });
  // One client per installation, so its token cache survives across syncs in this process.
  const clients = new Map<number, GitHubClient>();
  return {
    appOctokit,
    installationOctokit(installationId) {
      let client = clients.get(installationId);
      if (!client) {
        client = new PatwardenOctokit({
          ...common,
          auth: { appId: opts.appId, privateKey: opts.privateKey, installationId },
        });
        clients.set(installationId, client);
      }
      return client;
    },
  };
}
