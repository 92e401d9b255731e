// The App-manifest flow: form → confirm page → redirect with a one-time code → conversion to the
// App's credentials, which then work against the simulator with the manifest's settings applied.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/index.ts";
import { createAppJwt, installationToken, simFetch, startWebhookReceiver, withSimulator } from "../helpers/sim.ts";
import { checkResponse } from "./openapi-schemas.ts";

let sim: Simulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const manifest = {
  name: "patwarden-test",
  url: "https://example.com/patwarden",
  redirect_url: "http://127.0.0.1:1/setup/callback",
  callback_urls: ["http://127.0.0.1:1/auth/callback"],
  public: false,
  default_permissions: { organization_personal_access_tokens: "write", members: "read", contents: "read", metadata: "read" },
  default_events: ["personal_access_token_request", "push"],
};

async function postForm(path: string, fields: Record<string, string>) {
  return fetch(`${sim.url}${path}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
}

async function newCode(path = "/settings/apps/new?state=abc&auto=1"): Promise<string> {
  const res = await postForm(path, { manifest: JSON.stringify({ ...manifest, hook_attributes: { url: receiver.url } }) });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location")!);
  expect(location.origin + location.pathname).toBe(manifest.redirect_url);
  expect(location.searchParams.get("state")).toBe("abc");
  return location.searchParams.get("code")!;
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await withSimulator({ orgs: [{ login: "acme", grants: 10 }, { login: "globex", grants: 5 }] });
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

describe("web step", () => {
  it("shows a confirm page whose form redirects with code and state", async () => {
    const page = await postForm("/organizations/acme/settings/apps/new?state=abc", { manifest: JSON.stringify(manifest) });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("patwarden-test");
    expect(text).toContain('name="confirm" value="1"');
    const manifestField = /name="manifest" value="([^"]*)"/.exec(text)![1]!.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
    const confirmed = await postForm("/organizations/acme/settings/apps/new?state=abc", { manifest: manifestField, confirm: "1" });
    expect(confirmed.status).toBe(302);
    expect(new URL(confirmed.headers.get("location")!).searchParams.get("code")).toMatch(/^[0-9a-f]{40}$/);
  });

  it("rejects an unknown org and an invalid manifest", async () => {
    expect((await postForm("/organizations/nope/settings/apps/new", { manifest: JSON.stringify(manifest) })).status).toBe(404);
    const bad = await postForm("/settings/apps/new", { manifest: JSON.stringify({ name: "x" }) });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("redirect_url");
  });
});

describe("conversion", () => {
  it("a code converts once into working credentials with the manifest applied", async () => {
    const code = await newCode();
    const res = await simFetch(sim, `/app-manifests/${code}/conversions`, { method: "POST" });
    expect(res.status).toBe(201);
    expect(checkResponse({ template: "/app-manifests/{code}/conversions", method: "POST", status: 201, body: res.body }).valid).toBe(true);
    const app = res.body as { id: number; name: string; pem: string; webhook_secret: string; permissions: Record<string, string>; events: string[] };
    expect(app).toMatchObject({ id: sim.app.id, name: "patwarden-test", pem: sim.app.privateKey, webhook_secret: sim.app.webhookSecret, events: manifest.default_events });
    expect(app.permissions).toEqual(manifest.default_permissions);
    const again = await simFetch(sim, `/app-manifests/${code}/conversions`, { method: "POST" });
    expect(again.status).toBe(404);

    const me = await simFetch(sim, "/app", { headers: { authorization: `Bearer ${createAppJwt(sim, { key: app.pem })}` } });
    expect((me.body as { name: string }).name).toBe("patwarden-test");
    const token = await installationToken(sim, "globex");
    expect((await simFetch(sim, "/orgs/globex/members", { token })).status).toBe(200);
    const noIssues = await simFetch(sim, "/repos/globex/compliance/issues", { token });
    expect(noIssues.status).toBe(403);
    // hook_attributes.url became the webhook URL.
    await sim.control.putFile("globex", ".github", "patwarden.yml", "version: 1\n");
    expect(receiver.received.some((d) => d.headers["x-github-event"] === "push")).toBe(true);
  });

  it("a code expires after an hour of simulator time; an unknown code is 404", async () => {
    const code = await newCode();
    sim.control.setClock({ advanceMs: 61 * 60_000 });
    try {
      expect((await simFetch(sim, `/app-manifests/${code}/conversions`, { method: "POST" })).status).toBe(404);
    } finally {
      sim.control.setClock({ now: new Date().toISOString() });
    }
    const unknown = await simFetch(sim, "/app-manifests/0000/conversions", { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(checkResponse({ template: "/app-manifests/{code}/conversions", method: "POST", status: 404, body: unknown.body }).valid).toBe(true);
  });
});
