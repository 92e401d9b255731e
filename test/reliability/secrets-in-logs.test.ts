// No token, secret or private key in logs, errors or pages. Real processes at LOG_LEVEL=debug: a
// sync, a revoke through GitHub faults (a 502 retried, a 401 refused), a server with the dashboard,
// a webhook with a bad signature and a good one, a real sign-in and pages; every line they print is captured
// and searched for every installation and user token the simulator issued, the App's private key,
// client secret, webhook secret, SESSION_SECRET and the session cookie's value.
// How it is known to look: the test asserts debug lines were captured and that installation and
// user tokens were issued, so the search runs over real output; it was not run with a deliberately
// planted leak (a full run takes 1–3 minutes of spawned processes on this machine).
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.ts";
import { signPayload } from "../../simulator/index.ts";
import { createWorkspace, until, type Launched, type Workspace } from "./process.ts";
import { signInSetCookie } from "../helpers/sign-in.ts";

const SESSION_SECRET = "session-secret-for-the-log-test-0123456789";
let sim: Simulator;
let ws: Workspace;
const outputs: Array<() => string> = [];

async function run(args: string[]): Promise<Launched> {
  const p = ws.launch(args);
  outputs.push(p.output);
  await p.exited;
  return p;
}

beforeAll(async () => {
  sim = await startSimulator({ orgs: [{ login: "acme", grants: 25, requests: 2 }] });
  ws = await createWorkspace({ sim, prefix: "seclog", env: { LOG_LEVEL: "debug", SESSION_SECRET } });
  if (ws.env.DATABASE_URL) expect((await run(["migrate"])).child.exitCode).toBe(0);
});
afterAll(async () => {
  await ws?.close();
  await sim?.close();
});

it("no secret reaches logs, errors or pages", async () => {
  expect((await run(["sync", "--org", "acme"])).child.exitCode).toBe(0);
  // Failed GitHub calls: the revoke's first calls answer 502 and 401 (retried, then refused), printed with their errors.
  sim.control.injectFault({ path: /personal-access-tokens/, method: "POST", status: 502, count: 1 });
  sim.control.injectFault({ path: /personal-access-tokens/, method: "POST", status: 401, count: 1 });
  const victim = sim.control.org("acme").grants[0]!.id;
  await run(["revoke", "--org", "acme", "--ids", String(victim), "--reason", "log test", "--yes"]);
  sim.control.clearFaults();
  const server = await ws.startServer(["--no-schedule"]);
  outputs.push(server.output);
  sim.control.setWebhookUrl(`${server.url}/api/github/webhooks`);
  const body = JSON.stringify({ zen: "hi", hook_id: 1 });
  const bad = await fetch(`${server.url}/api/github/webhooks`, {
    method: "POST", body,
    headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": "d1", "x-hub-signature-256": signPayload("wrong-secret", body).sha256 },
  });
  expect(bad.status).toBe(401);
  await sim.control.removeMember("acme", sim.control.org("acme").demoUsers.member);

  // A real sign-in, then pages with the cookie.
  // `start` rebuilds the dashboard first when its sources changed since the last build; wait for it.
  let start = await fetch(`${server.url}/api/auth/login`, { redirect: "manual" });
  await until("the dashboard to serve sign-in", async () => {
    if (start.status === 303) return true;
    await new Promise((r) => setTimeout(r, 1000));
    start = await fetch(`${server.url}/api/auth/login`, { redirect: "manual" });
    return false;
  }, 200_000, () => `last status ${start.status}\n${server.output().slice(-2000)}`);
  const cookie = (await signInSetCookie({ url: server.url, login: sim.control.org("acme").demoUsers.owner })).split(";")[0]!;
  const pages: string[] = [];
  for (const p of ["/orgs", "/orgs/acme", "/orgs/acme/grants", `/orgs/acme/grants/${victim}`, "/orgs/acme/audit", "/orgs/acme/audit.csv", "/orgs/acme/nope"]) {
    const res = await fetch(`${server.url}${p}`, { headers: { cookie } });
    pages.push(await res.text());
  }
  expect(pages[2]).toContain("acme");
  await until("the webhook to be handled", () => /member_removed|organization/.test(server.output()), 20_000);

  const logs = outputs.map((o) => o()).join("\n");
  const debugLines = logs.split("\n").filter((l) => l.includes('"level":20'));
  expect(debugLines.length, "LOG_LEVEL=debug reached the processes").toBeGreaterThan(0);
  const tokens = sim.control.issuedTokens();
  expect(tokens.filter((t) => t.startsWith("ghs_")).length).toBeGreaterThan(0);
  expect(tokens.filter((t) => t.startsWith("ghu_")).length).toBeGreaterThan(0);
  const keyLines = sim.app.privateKey.split("\n").filter((l) => l.length > 40);
  const secrets: Array<[string, string]> = [
    ...tokens.map((t): [string, string] => ["token", t]),
    ...keyLines.map((l): [string, string] => ["private key", l]),
    ["client secret", sim.app.clientSecret], ["webhook secret", sim.app.webhookSecret], ["session secret", SESSION_SECRET],
    ["session cookie", cookie.slice("pw_session=".length)],
  ];
  for (const [what, value] of secrets) {
    expect(logs.includes(value), `${what} in the logs`).toBe(false);
    for (const page of pages) expect(page.includes(value), `${what} in a page`).toBe(false);
  }
}, 360_000);
