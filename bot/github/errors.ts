// GitHub's failures in patwarden's error vocabulary, with messages that say what to do.
import { Forbidden, GitHubUnavailable, InvalidInput, NotFound, PatwardenError, RateLimited } from "../../model/errors.ts";

type HttpErrorLike = {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, unknown>; data?: unknown };
};

function header(e: HttpErrorLike, name: string): string | undefined {
  const v = e.response?.headers?.[name];
  return v === undefined || v === null ? undefined : String(v);
}

function githubMessage(e: HttpErrorLike): string {
  const data = e.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === "string" ? data.message : (e.message ?? "no message");
}

/** True for GitHub's primary or secondary rate-limit refusals (403 or 429, docs/github-api.md §7). */
export function isRateLimitError(e: HttpErrorLike): boolean {
  if (e.status !== 403 && e.status !== 429) return false;
  return header(e, "x-ratelimit-remaining") === "0" || header(e, "retry-after") !== undefined || /rate limit/i.test(githubMessage(e));
}

export function toPatwardenError({ error, what }: { error: unknown; what: string }): PatwardenError {
  if (error instanceof PatwardenError) return error;
  const e = (error ?? {}) as HttpErrorLike;
  const msg = githubMessage(e);
  const out = classify(e, what, msg);
  out.cause = error;
  return out;
}

function classify(e: HttpErrorLike, what: string, msg: string): PatwardenError {
  if (typeof e.status !== "number") return new GitHubUnavailable(`${what}: cannot reach GitHub (${msg}); check GHE_HOST/GHE_PROTOCOL and the network`);
  if (isRateLimitError(e)) {
    const reset = Number(header(e, "x-ratelimit-reset"));
    const retryAfter = Number(header(e, "retry-after"));
    if (header(e, "x-ratelimit-remaining") === "0" && reset > 0) {
      const resetAt = new Date(reset * 1000);
      return new RateLimited(
        `${what}: GitHub's rate limit for this installation is used up until ${resetAt.toISOString()}, longer than patwarden waits; the next sync after that time will finish the job`,
        resetAt,
      );
    }
    const resetAt = retryAfter > 0 ? new Date(Date.now() + retryAfter * 1000) : null;
    return new RateLimited(`${what}: GitHub's secondary rate limit refused the call (${msg}); try again later`, resetAt);
  }
  if (e.status === 401) return new Forbidden(`${what}: GitHub rejected the App's credentials (401 ${msg}); check APP_ID and PRIVATE_KEY`);
  if (e.status === 403) {
    const needed = header(e, "x-accepted-github-permissions");
    return new Forbidden(
      `${what}: ${msg}${needed ? ` (needs ${needed})` : ""}; accept the App's requested permissions in the organization's installation settings`,
    );
  }
  if (e.status === 404) return new NotFound(`${what}: not found (404); is the App still installed on this organization?`);
  if (e.status === 422) return new InvalidInput("github", `${what}: GitHub refused the request (422 ${msg})`);
  return new GitHubUnavailable(`${what}: GitHub answered ${e.status} (${msg}) after retries; try again later`);
}
