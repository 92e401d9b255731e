// Starts a simulator for one test file: `const sim = await withSimulator({ orgs: [...] })`, then
// `await sim.close()` in afterAll. Small orgs by default so tests stay quick on a shared CPU.
import { createSign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../simulator/index.ts";

export const SMALL_ORGS = [
  { login: "acme", grants: 120, requests: 5 },
  { login: "globex", grants: 30, requests: 3 },
];

export async function withSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ orgs: SMALL_ORGS, ...opts });
}

/** fetch against the simulator with the headers GitHub requires (User-Agent) and JSON bodies. */
export async function simFetch(
  sim: Simulator,
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const res = await fetch(path.startsWith("http") ? path : `${sim.apiUrl}${path}`, {
    method: init.method ?? "GET",
    headers: {
      "user-agent": "patwarden-test",
      accept: "application/vnd.github+json",
      ...(init.token ? { authorization: `token ${init.token}` } : {}),
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** An App JWT signed with the simulator App's key; override claims to build bad ones. */
export function createAppJwt(sim: Simulator, claims: { iat?: number; exp?: number; iss?: number | string; alg?: string; key?: string; at?: Date } = {}): string {
  const now = Math.floor((claims.at ?? new Date()).getTime() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: claims.alg ?? "RS256", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ iat: claims.iat ?? now - 30, exp: claims.exp ?? now + 540, iss: claims.iss ?? sim.app.id })).toString("base64url");
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(claims.key ?? sim.app.privateKey).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

/** A fresh installation token for an org, obtained the way an App does (JWT → access_tokens). Pass `at` when the simulator runs on a fake clock. */
export async function installationToken(sim: Simulator, org: string, opts: { permissions?: Record<string, string>; at?: Date } = {}): Promise<string> {
  const { permissions, at } = opts;
  const installationId = sim.control.org(org).installationId;
  const res = await simFetch(sim, `/app/installations/${installationId}/access_tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${createAppJwt(sim, { at })}` },
    body: permissions ? { permissions } : {},
  });
  if (res.status !== 201) throw new Error(`access_tokens answered ${res.status}: ${res.text}`);
  return (res.body as { token: string }).token;
}

/** Runs the OAuth web flow for a simulated user and returns their user token (ghu_…). */
export async function userToken(sim: Simulator, login: string): Promise<string> {
  const authorize = new URL(`${sim.url}/login/oauth/authorize`);
  authorize.search = new URLSearchParams({ client_id: sim.app.clientId, redirect_uri: "http://127.0.0.1:1/callback", state: "s", login }).toString();
  const res = await fetch(authorize, { redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`authorize answered ${res.status}`);
  const code = new URL(location).searchParams.get("code")!;
  const exchange = await fetch(`${sim.url}/login/oauth/access_token`, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify({ client_id: sim.app.clientId, client_secret: sim.app.clientSecret, code }),
  });
  const body = (await exchange.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`token exchange failed: ${body.error}`);
  return body.access_token;
}

export type ReceivedWebhook = { headers: Record<string, string | string[] | undefined>; raw: string; json: unknown };

/** A local HTTP endpoint that records webhook deliveries (answers 200, or `status`). */
export async function startWebhookReceiver(opts: { status?: number } = {}): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, raw, json: JSON.parse(raw) });
      res.writeHead(opts.status ?? 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    received,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
