// The path every REST call takes: user agent → latency → faults → route → API version → auth →
// rate limit → org and permission → body → handler → ETag/304 → headers → request log.
import type { IncomingMessage } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { resolvePrincipal, type Principal } from "./auth.ts";
import { faultMessage, takeFault } from "./faults.ts";
import { basicError, etagOf, HttpError, matchesEtag, notFound, parseJsonObject, readBody, safeDecode, type SimResponse } from "./http-util.ts";
import { levelRank } from "../model/permissions.ts";
import { assertWithinRateLimit, bucketKey, rateLimitHeaders, spendRateLimit } from "./rate-limit.ts";
import type { Route, RouteContext } from "./route-types.ts";
import { matchRoute } from "./routes/index.ts";
import type { SimOrg, SimState } from "./types.ts";

export type ApiRequest = { state: SimState; req: IncomingMessage; prefix: string; path: string; rawQuery: string; notify: RouteContext["notify"] };
/** "hold" = never answer (timeout fault); "reset" = destroy the socket. */
export type ApiOutcome = { response: SimResponse; cost: number; installationId: number | null } | "hold" | "reset";

const API_VERSIONS = new Set(["2022-11-28", "2026-03-10"]);

function forbiddenByPermission(route: Route): HttpError {
  const p = route.permission!;
  return basicError({ status: 403, message: "Resource not accessible by integration", docs: route.docs, headers: { "x-accepted-github-permissions": `${p.name}=${p.level}` } });
}

function resolveOrg(state: SimState, route: Route, params: Record<string, string>, principal: Principal | null): SimOrg | null {
  const login = params.org ?? params.owner;
  if (login === undefined && params.org_id === undefined) return null;
  const org = login !== undefined ? state.orgs.get(login.toLowerCase()) : state.orgsById.get(Number(params.org_id));
  if (!org) throw notFound(route.docs);
  if (principal?.kind === "installation" && principal.installationId !== org.installation.id) throw notFound(route.docs);
  if (route.permission && principal?.kind === "installation") {
    if (levelRank(principal.permissions[route.permission.name] ?? "") < levelRank(route.permission.level)) throw forbiddenByPermission(route);
  }
  if (route.permission && principal?.kind === "user") {
    // User-to-server tokens: what the installation may do, limited to what the user may see.
    const inst = org.installation;
    if (inst.deleted || inst.suspendedAt !== null) throw notFound(route.docs);
    if (levelRank(inst.permissions[route.permission.name] ?? "") < levelRank(route.permission.level)) throw forbiddenByPermission(route);
    const role = org.members.get(principal.userId);
    // PAT and credential administration is for org owners; members may read members and work in repositories.
    const ownersOnly = route.permission.name.startsWith("organization_personal_access_token") || route.permission.name === "organization_administration";
    const allowed = ownersOnly ? role === "admin" : role !== undefined;
    if (!allowed) throw forbiddenByPermission(route);
  }
  return org;
}

function checkAuthKind(route: Route, principal: Principal | null): void {
  if (route.auth === "optional") return;
  if (route.auth === "jwt") {
    if (principal?.kind !== "app") throw basicError({ status: 401, message: "A JSON web token could not be decoded", docs: route.docs });
    return;
  }
  if (!principal) throw basicError({ status: 401, message: "Requires authentication", docs: route.docs });
  if (principal.kind === "app" || (route.auth === "user" && principal.kind !== "user")) {
    throw basicError({ status: 403, message: "Resource not accessible by integration", docs: route.docs });
  }
}

/** A fault's answer, or `{ answerDelayMs }`: perform the request, then hold its answer back. */
async function applyFault(args: ApiRequest, method: string): Promise<"hold" | "reset" | SimResponse | { answerDelayMs: number } | null> {
  const { state, req, path, rawQuery } = args;
  const fault = takeFault(state, { method, targets: [req.url ?? "", `${path}${rawQuery ? `?${safeDecode(rawQuery)}` : ""}`] });
  if (!fault) return null;
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.answerDelayMs) return { answerDelayMs: fault.answerDelayMs };
  if (fault.timeout) return "hold";
  if (fault.reset) return "reset";
  if (fault.secondaryRateLimit) {
    return {
      status: fault.secondaryRateLimit.status ?? 403,
      headers: { "retry-after": String(fault.secondaryRateLimit.retryAfter) },
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        status: String(fault.secondaryRateLimit.status ?? 403),
      },
    };
  }
  if (fault.status) return { status: fault.status, body: { message: faultMessage(fault.status), documentation_url: "https://docs.github.com/rest", status: String(fault.status) } };
  return null;
}

export async function handleApiRequest(args: ApiRequest): Promise<ApiOutcome> {
  const { state, req, path } = args;
  const method = (req.method ?? "GET").toUpperCase();
  if (!req.headers["user-agent"]) {
    const body = { message: "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).", documentation_url: "https://docs.github.com/rest", status: "403" };
    return { response: { status: 403, body }, cost: 0, installationId: null };
  }
  if (state.latencyMs > 0) await sleep(state.latencyMs);
  const faulted = await applyFault(args, method);
  if (faulted === "hold" || faulted === "reset") return faulted;
  if (faulted && "answerDelayMs" in faulted) {
    const outcome = await performApiRequest(args, method);
    await sleep(faulted.answerDelayMs);
    return outcome;
  }
  if (faulted) return { response: faulted, cost: 0, installationId: null };
  return performApiRequest(args, method);
}

async function performApiRequest(args: ApiRequest, method: string): Promise<ApiOutcome> {
  const { state, req, path } = args;

  let principal: Principal | null = null;
  let key: string | null = null;
  try {
    const found = matchRoute(method, path);
    if (!found) throw notFound();
    const { route, params } = found;
    const version = req.headers["x-github-api-version"];
    if (typeof version === "string" && !API_VERSIONS.has(version)) {
      throw basicError({ status: 400, message: `Invalid API version: ${version}`, docs: "https://docs.github.com/rest/about-the-rest-api/api-versions" });
    }
    principal = resolvePrincipal(state, req.headers.authorization);
    checkAuthKind(route, principal);
    key = bucketKey(principal);
    const spends = key !== null && !route.free;
    if (spends) assertWithinRateLimit(state, key!, principal!);
    const outcome = await runRoute(args, { route, params, principal, method });
    if (spends && !outcome.notModified) spendRateLimit(state, key!);
    return finish(state, outcome.response, key, principal, spends && !outcome.notModified ? 1 : 0);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    // The rate-limit 403 itself is free; other errors cost a point like any answered call.
    const spends = key !== null && error.response.headers?.["x-ratelimit-remaining"] !== "0" && !matchRoute(args.req.method ?? "GET", args.path)?.route.free;
    if (spends) spendRateLimit(state, key!);
    return finish(state, error.response, key, principal, spends ? 1 : 0);
  }
}

async function runRoute(args: ApiRequest, m: { route: Route; params: Record<string, string>; principal: Principal | null; method: string }) {
  const { state, req } = args;
  const org = resolveOrg(state, m.route, m.params, m.principal);
  const body = m.method === "GET" || m.method === "DELETE" ? {} : parseJsonObject(await readBody(req), m.route.docs);
  const ctx: RouteContext = {
    state, req, params: m.params, query: new URLSearchParams(args.rawQuery), rawQuery: args.rawQuery,
    selfUrl: `http://${req.headers.host ?? state.urls.host}${args.prefix}${args.path}`,
    principal: m.principal, org, body, notify: args.notify,
  };
  const response = await m.route.handle(ctx);
  if (m.method !== "GET" || response.status !== 200 || (response.body === undefined && !response.text)) return { response, notModified: false };
  // Serialized once, for the ETag and as the payload (repository pages carry full repository objects).
  const text = response.text ?? { contentType: "application/json; charset=utf-8", content: JSON.stringify(response.body) };
  const etag = etagOf(text.content);
  if (matchesEtag(req.headers["if-none-match"], etag)) {
    return { response: { status: 304, headers: { ...response.headers, etag } }, notModified: true };
  }
  return { response: { status: response.status, headers: { ...response.headers, etag }, text }, notModified: false };
}

function finish(state: SimState, response: SimResponse, key: string | null, principal: Principal | null, cost: number): ApiOutcome {
  const headers = key ? { ...rateLimitHeaders(state, key), ...response.headers } : response.headers;
  return { response: { ...response, headers }, cost, installationId: principal?.kind === "installation" ? principal.installationId : null };
}
