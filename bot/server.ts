// The one HTTP server: webhooks, health, metrics, the internal CLI bridge, and the dashboard for everything else.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Probot } from "probot";
import type { Env } from "./env.ts";
import { sendJson, sendText } from "./server/body.ts";
import { createHealthCheck, probeGitHub, type HealthReport } from "./server/health.ts";
import type { Engine } from "./engine.ts";
import { handleInternalEngine } from "./server/internal-engine.ts";
import { isDatabaseUnavailable } from "./ops/database.ts";
import { createLogger, requestIdOf, type Logger } from "./server/log.ts";
import { renderMetrics } from "./server/metrics.ts";
import { checkMetricsAccess } from "./server/metrics-access.ts";
import { clientIp, createRateLimiter, type RateLimiter } from "./server/rate-limit.ts";
import { createSecurityHeaders } from "./server/security-headers.ts";
import { handleWebhookRequest } from "./server/webhooks.ts";
import { PATWARDEN_VERSION } from "./server/version.ts";

export type DashboardHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export type CreateServerOptions = {
  /** What health, metrics and the bridge read through; defaults to internalEngine's. */
  engine?: Engine;
  env: Env;
  /** Absent when the App is not configured: webhooks answer 503, everything else works. */
  probot?: Probot;
  dashboard?: DashboardHandler;
  log?: Logger;
  /** Overrides the storage kind /api/health reports. */
  dbKind?: string;
  /** Enables POST /api/internal/engine, the embedded-mode bridge for CLI invocations. */
  internalEngine?: { token: string; engine: Engine };
  /** Replaces the GitHub reachability probe (tests). */
  probeGitHub?: () => Promise<void>;
  /** The dashboard runs under `next dev`: its CSP allows eval and the hot-reload socket. */
  devDashboard?: boolean;
  /** Replaces the limiters built from RATE_LIMIT_* (tests). */
  rateLimiters?: { signIn?: RateLimiter; webhooks?: RateLimiter };
};

const SIGN_IN_PATHS = new Set(["/api/auth/login", "/api/auth/callback"]);

const LANDING = `patwarden ${PATWARDEN_VERSION}
Webhooks: POST /api/github/webhooks
Health:   GET /api/health
Metrics:  GET /metrics
The dashboard is not installed in this process.
`;

export function createServer(opts: CreateServerOptions): Server {
  const log = opts.log ?? createLogger({ level: opts.env.LOG_LEVEL });
  const engine = opts.engine ?? opts.internalEngine?.engine;
  if (!engine) throw new Error("createServer needs the engine (engine, or internalEngine.engine)");
  const health = createHealthCheck({
    engine,
    dbKind: opts.dbKind,
    version: PATWARDEN_VERSION,
    probe: opts.probeGitHub ?? (() => probeGitHub({ apiBaseUrl: opts.env.apiBaseUrl })),
  });

  const setSecurityHeaders = createSecurityHeaders({ webBaseUrl: opts.env.webBaseUrl, dev: opts.devDashboard });
  const signIn = opts.rateLimiters?.signIn ?? createRateLimiter({ perMinute: opts.env.RATE_LIMIT_SIGNIN_PER_MINUTE });
  const webhooks = opts.rateLimiters?.webhooks ?? createRateLimiter({ perMinute: opts.env.RATE_LIMIT_WEBHOOKS_PER_MINUTE });
  /** True when the request was refused with 429 (the body is left unread and the connection closed). */
  const limited = (limiter: RateLimiter, req: IncomingMessage, res: ServerResponse): boolean => {
    const taken = limiter.take(clientIp(req));
    if (taken.ok) return false;
    res.setHeader("retry-after", String(taken.retryAfterSeconds));
    res.setHeader("connection", "close");
    sendJson(res, 429, { error: `too many requests; retry in ${taken.retryAfterSeconds} s` });
    res.on("finish", () => req.destroy());
    return true;
  };

  const route = async (req: IncomingMessage, res: ServerResponse, log: Logger): Promise<void> => {
    setSecurityHeaders(req, res);
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (SIGN_IN_PATHS.has(path) && limited(signIn, req, res)) return;
    if (path === "/api/github/webhooks") {
      if (req.method !== "POST") return sendJson(res, 405, { error: "use POST" });
      if (limited(webhooks, req, res)) return;
      return handleWebhookRequest({ req, res, probot: opts.probot, log });
    }
    if (path === "/api/health" && req.method === "GET") {
      const report: HealthReport = await health();
      return sendJson(res, report.status === "down" ? 503 : 200, report);
    }
    if (path === "/metrics" && req.method === "GET") {
      const access = checkMetricsAccess({ token: opts.env.METRICS_TOKEN, headers: req.headers, remoteAddress: req.socket.remoteAddress });
      if (!access.ok) {
        if (access.status === 401) res.setHeader("www-authenticate", 'Bearer realm="metrics"');
        return sendJson(res, access.status, { error: access.message });
      }
      return sendText(res, 200, await renderMetrics({ engine, version: PATWARDEN_VERSION }), "text/plain; version=0.0.4; charset=utf-8");
    }
    if (path === "/api/internal/engine" && req.method === "POST" && opts.internalEngine) {
      return handleInternalEngine({ req, res, ...opts.internalEngine });
    }
    if (opts.dashboard) return opts.dashboard(req, res);
    return sendText(res, path === "/" ? 200 : 404, path === "/" ? LANDING : "not found\n");
  };

  return createHttpServer((req, res) => {
    const reqId = requestIdOf(req);
    res.setHeader("x-request-id", reqId);
    const reqLog = log.child({ reqId });
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0];
    const deliveryId = path === "/api/github/webhooks" ? req.headers["x-github-delivery"] : undefined;
    res.on("finish", () => {
      // Scrapes, probes and static assets are frequent and uninteresting: debug only.
      const level = path === "/metrics" || path === "/api/health" || path?.startsWith("/_next/") ? "debug" : "info";
      reqLog[level]({ method: req.method, path, deliveryId, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request");
    });
    route(req, res, reqLog).catch(async (err: unknown) => {
      // A database outage is temporary and the caller can retry: say so with 503, not "internal error".
      // Not every driver error says so (a transaction's connect is not wrapped), so ask the database.
      const down = isDatabaseUnavailable(err) || !(await engine.ops.checkDatabase().then((db) => db.ok, () => false));
      reqLog.error({ err: err instanceof Error ? err.message : String(err), path }, down ? "request failed: database unavailable" : "request failed");
      if (res.headersSent) return void res.destroy();
      if (down) res.setHeader("retry-after", "5");
      // A browser navigating to a dashboard page gets the sentence as a page, not as JSON.
      if (down && /text\/html/.test(req.headers.accept ?? "")) return sendText(res, 503, outagePage(reqId), "text/html; charset=utf-8");
      sendJson(res, down ? 503 : 500, down ? { error: "database unavailable; retry shortly", reqId } : { error: "internal error", reqId });
    });
  });
}

/** No styles or scripts: the page must pass the dashboard's CSP as it is. reqId is a UUID or a vetted header. */
const outagePage = (reqId: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>patwarden: database unavailable</title></head>
<body><main><h1>The database is unavailable</h1>
<p>patwarden cannot reach its database right now. Reload this page in a few seconds;
if this persists, check that Postgres is running (see <a href="/api/health">/api/health</a>).</p>
<p><small>Request id ${reqId}</small></p></main></body></html>
`;

export type RunningServer = { server: Server; port: number; url: string; close: () => Promise<void> };

/** The address to print for a listen address: every interface includes loopback. */
const urlHost = (host: string | undefined): string =>
  !host || host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

/** Listens on HOST:PORT (port 0 = any free port) and resolves once accepting connections. */
export async function startServer(opts: CreateServerOptions & { port?: number; host?: string }): Promise<RunningServer> {
  const server = createServer(opts);
  const port = opts.port ?? opts.env.PORT;
  const host = opts.host ?? opts.env.HOST;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://${urlHost(host)}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
