// The one call style for GitHub list endpoints: documented routes, bracket-form array queries
// (docs/github-api.md §1.12), conditional GETs (a 304 costs no rate limit, §7), rel="next" links followed rather
// than built (§8), and per-run counters read from the responses themselves.
import type { z } from "zod";
import { GitHubUnavailable } from "../../model/errors.ts";
import { toPatwardenError } from "./errors.ts";

export type ResponseLike = { status: number; url: string; headers: Record<string, unknown>; data: unknown };
/** Any Octokit: ours (client.ts), Probot's context.octokit, or a plain @octokit/core instance. */
export type OctokitLike = { request: (route: string, options?: Record<string, unknown>) => Promise<ResponseLike> };

export const CALL_FAMILIES = [
  "installations", "grants", "grant-repositories", "requests", "request-repositories", "members", "admins", "verify",
  "installation-repositories", "repository-grants", "credentials",
] as const;
export type CallFamily = (typeof CALL_FAMILIES)[number];

export type CallCounters = {
  calls: number;
  notModified: number;
  /** Points this run spent: every answered call except 304s and rate-limit refusals. */
  rateLimitSpent: number;
  /** `x-ratelimit-remaining` of the latest response. */
  rateLimitRemaining: number | null;
  byFamily: Partial<Record<CallFamily, number>>;
};

export function createCallCounters(): CallCounters {
  return { calls: 0, notModified: 0, rateLimitSpent: 0, rateLimitRemaining: null, byFamily: {} };
}

const enc = encodeURIComponent;
/** Documented routes (operation ids in @octokit/openapi), as paths relative to the API root. */
export const ROUTES = {
  installations: () => "/app/installations", // apps/list-installations
  grants: (org: string) => `/orgs/${enc(org)}/personal-access-tokens`, // orgs/list-pat-grants
  grantRepositories: (org: string, patId: number) => `/orgs/${enc(org)}/personal-access-tokens/${patId}/repositories`, // orgs/list-pat-grant-repositories
  requests: (org: string) => `/orgs/${enc(org)}/personal-access-token-requests`, // orgs/list-pat-grant-requests
  requestRepositories: (org: string, requestId: number) =>
    `/orgs/${enc(org)}/personal-access-token-requests/${requestId}/repositories`, // orgs/list-pat-grant-request-repositories
  members: (org: string) => `/orgs/${enc(org)}/members`, // orgs/list-members
  credentialAuthorizations: (org: string) => `/orgs/${enc(org)}/credential-authorizations`, // orgs/list-saml-sso-authorizations (GHEC only)
};

/** Appends a query; arrays become repeated `key[]=v` (Octokit's default comma-join is not what GitHub documents). */
export function withQuery(path: string, query: Record<string, string | number | readonly (string | number)[] | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) parts.push(`${key}[]=${enc(String(v))}`);
    else parts.push(`${key}=${enc(String(value))}`);
  }
  return parts.length ? `${path}${path.includes("?") ? "&" : "?"}${parts.join("&")}` : path;
}

/** A URL as a path relative to the API root (drops scheme, host and GHES's /api/v3), so stored URLs survive a host or port change. */
export function toApiPath(url: string): string {
  const u = new URL(url, "http://api.invalid");
  return `${u.pathname.replace(/^\/api\/v3(?=\/)/, "")}${u.search}`;
}

export function parseNextLink(link: unknown): string | null {
  if (typeof link !== "string") return null;
  const m = /<([^>]+)>\s*;\s*rel="next"/.exec(link);
  return m ? toApiPath(m[1]!) : null;
}

/** The URL of the page after `url`, for the one case GitHub gives us no link: a 304 on a full last page. */
export function nextPageUrl(url: string): string {
  const u = new URL(url, "http://api.invalid");
  u.searchParams.set("page", String(Number(u.searchParams.get("page") ?? "1") + 1));
  return `${u.pathname}${u.search.replace(/%5B%5D=/g, "[]=")}`;
}

export function perPageOf(url: string): number {
  return Number(new URL(url, "http://api.invalid").searchParams.get("per_page") ?? "30");
}

export type Page<T> =
  /** `hasLink`: whether a Link header came at all (GitHub sends none when a list fits one page). */
  | { url: string; status: 200; items: T[]; etag: string | null; nextUrl: string | null; hasLink?: boolean }
  /** `hasLink`: whether the 304 carried a Link header at all (RFC 9110 does not require it). */
  | { url: string; status: 304; nextUrl: string | null; hasLink: boolean };

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return v === undefined || v === null ? undefined : String(v);
}

function count(counters: CallCounters, family: CallFamily, headers: Record<string, unknown> | undefined, status: number) {
  counters.calls++;
  counters.byFamily[family] = (counters.byFamily[family] ?? 0) + 1;
  const remaining = header(headers, "x-ratelimit-remaining");
  if (remaining !== undefined) counters.rateLimitRemaining = Number(remaining);
  if (status === 304) counters.notModified++;
  else if (remaining !== undefined && !((status === 403 || status === 429) && (remaining === "0" || header(headers, "retry-after"))))
    counters.rateLimitSpent++;
}

/** One page of a list. With `etag`, an unchanged page comes back as a free 304 without a body. */
export async function getPage<S extends z.ZodType>(args: {
  octokit: OctokitLike;
  url: string;
  etag?: string | null;
  schema: S;
  counters: CallCounters;
  family: CallFamily;
}): Promise<Page<z.output<S>>> {
  const { octokit, url, etag, counters, family } = args;
  let res: ResponseLike;
  try {
    res = await octokit.request(`GET ${url}`, { headers: etag ? { "if-none-match": etag } : {} });
  } catch (error) {
    const e = error as { status?: number; response?: { headers?: Record<string, unknown> } };
    if (e.status === 304) {
      count(counters, family, e.response?.headers, 304);
      const link = header(e.response?.headers, "link");
      return { url, status: 304, nextUrl: parseNextLink(link), hasLink: link !== undefined };
    }
    if (typeof e.status === "number") count(counters, family, e.response?.headers, e.status);
    throw toPatwardenError({ error, what: `GET ${url}` });
  }
  count(counters, family, res.headers, res.status);
  const data = typeof res.data === "string" ? safeJson(res.data) : res.data;
  const parsed = (args.schema as z.ZodType).array().safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GitHubUnavailable(
      `GET ${url}: unexpected response from GitHub (${issue?.path.join(".")}: ${issue?.message}); is GHE_HOST pointing at a GitHub API?`,
    );
  }
  return {
    url,
    status: 200,
    items: parsed.data as z.output<S>[],
    etag: header(res.headers, "etag") ?? null,
    nextUrl: parseNextLink(header(res.headers, "link")),
    hasLink: header(res.headers, "link") !== undefined,
  };
}

/** Some clients hand back JSON as text (a non-JSON content type); anything unparseable fails the schema check. */
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
