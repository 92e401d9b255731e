// node:http front door: /_sim/* → control, /login/oauth/* → OAuth web flow, everything else →
// the REST pipeline, served both under /api/v3 (GHES layout) and at the root.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleApiRequest } from "./api-pipeline.ts";
import type { SimControl } from "./control.ts";
import { handleControlRequest } from "./control-http.ts";
import { readBody, safeDecode, type SimResponse } from "./http-util.ts";
import { handleManifestForm } from "./manifest.ts";
import { handleAccessToken, handleAuthorize } from "./oauth.ts";
import type { SimState } from "./types.ts";
import { deliverWebhook } from "./webhooks.ts";

export type SimServer = { server: Server; close(): Promise<void> };

function requestId(): string {
  const hex = randomBytes(10).toString("hex").toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 14)}:${hex.slice(14, 20)}:${Math.floor(Date.now() / 1000).toString(16).toUpperCase()}`;
}

function send(state: SimState, res: ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = {
    date: state.now().toUTCString(),
    "x-github-request-id": requestId(),
    "x-github-media-type": "github.v3; format=json",
    "x-github-api-version-selected": "2022-11-28",
    "access-control-expose-headers": "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset",
    ...response.headers,
  };
  let payload = "";
  if (response.text) {
    headers["content-type"] = response.text.contentType;
    payload = response.text.content;
  } else if (response.body !== undefined && response.status !== 204 && response.status !== 304) {
    headers["content-type"] = "application/json; charset=utf-8";
    payload = JSON.stringify(response.body);
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

export function createSimServer(args: { state: SimState; control: SimControl; onChange?: () => void }): SimServer {
  const { state, control, onChange } = args;
  const held = new Set<ServerResponse>();
  const deliveries = new Set<Promise<unknown>>();
  const notify = (event: string, payload: unknown): void => {
    const p = deliverWebhook(state, { event, payload }).finally(() => deliveries.delete(p));
    deliveries.add(p);
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? "" : rawUrl.slice(q + 1);
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(rawUrl, `http://${req.headers.host ?? state.urls.host}`);
    if (path === "/_sim" || path.startsWith("/_sim/")) {
      const bodyText = await readBody(req);
      return send(state, res, await handleControlRequest({ method, path: path.slice(5) || "/", bodyText, control, state }));
    }
    if (path === "/login/oauth/authorize" && method === "GET") return send(state, res, handleAuthorize(state, url));
    if (path === "/login/oauth/access_token" && method === "POST") {
      return send(state, res, handleAccessToken({ state, req, url, bodyText: await readBody(req) }));
    }
    if (method === "POST" && /^(\/organizations\/[^/]+)?\/settings\/apps\/new$/.test(path)) {
      return send(state, res, handleManifestForm({ state, url, bodyText: await readBody(req), contentType: String(req.headers["content-type"] ?? "") }));
    }
    const prefix = path === "/api/v3" || path.startsWith("/api/v3/") ? "/api/v3" : "";
    const apiPath = path.slice(prefix.length) || "/";
    const outcome = await handleApiRequest({ state, req, prefix, path: apiPath, rawQuery, notify });
    const log = (status: number, installationId: number | null, cost: number) =>
      state.requestLog.push({ method, path: apiPath, query: safeDecode(rawQuery), status, installationId, at: state.now().toISOString(), notModified: status === 304, cost });
    if (outcome === "reset" || outcome === "hold") {
      // Status 0 in the log: the client never got an answer.
      log(0, null, 0);
      if (outcome === "reset") return void req.socket.destroy();
      // A timeout fault: never answer; the client gives up, or close() ends it.
      held.add(res);
      res.on("close", () => held.delete(res));
      return;
    }
    send(state, res, outcome.response);
    log(outcome.response.status, outcome.installationId, outcome.cost);
    // A write GitHub accepted (a revoke, a review, an issue, a commit) changes the world to keep.
    if (method !== "GET" && method !== "HEAD" && outcome.response.status < 400) onChange?.();
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error("[simulator] unexpected error", error);
      if (!res.headersSent) send(state, res, { status: 500, body: { message: "Server Error (simulator bug)", documentation_url: "https://docs.github.com/rest" } });
      else res.destroy();
    });
  });

  // Outlive clients' idle keep-alive (undici: 4 s) so the server never closes a socket a client is
  // about to reuse — that race shows up as ECONNRESET while the event loop is busy.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  let closed = false;
  return {
    server,
    async close() {
      if (closed) return;
      closed = true;
      for (const res of held) res.destroy();
      await Promise.allSettled([...deliveries]);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
