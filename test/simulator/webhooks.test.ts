// Webhook deliveries: signed as GitHub signs them (HMAC of the raw body), with GitHub's headers,
// sent by control calls and by API reviews, and harmless when no URL is set.
import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signPayload, type Simulator } from "../../simulator/index.ts";
import { installationToken, simFetch, startWebhookReceiver, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await withSimulator({ webhookUrl: receiver.url });
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

function verify(raw: string, header: string, algorithm: "sha256" | "sha1"): boolean {
  const expected = Buffer.from(`${algorithm}=${createHmac(algorithm, sim.app.webhookSecret).update(raw).digest("hex")}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

describe("signing", () => {
  it("matches GitHub's documented test vector", () => {
    expect(signPayload("It's a Secret to Everybody", "Hello, World!")).toEqual({
      sha256: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
      sha1: "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59",
    });
  });

  it("createRequest delivers personal_access_token_request.created, signed, with GitHub's headers", async () => {
    const start = receiver.received.length;
    const request = await sim.control.createRequest("acme", { owner: "acme-dev", reason: "please", repository_selection: "subset", repositories: [sim.control.org("acme").repos[0]!.name] });
    const [d] = receiver.received.slice(start);
    expect(d).toBeDefined();
    expect(verify(d!.raw, String(d!.headers["x-hub-signature-256"]), "sha256")).toBe(true);
    expect(verify(d!.raw, String(d!.headers["x-hub-signature"]), "sha1")).toBe(true);
    expect(verify(`${d!.raw} `, String(d!.headers["x-hub-signature-256"]), "sha256")).toBe(false);
    expect(d!.headers).toMatchObject({
      "x-github-event": "personal_access_token_request",
      "user-agent": "GitHub-Hookshot/sim",
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(sim.app.id),
      "content-type": "application/json",
    });
    expect(String(d!.headers["x-github-delivery"])).toMatch(/^[0-9a-f-]{36}$/);
    expect(d!.json).toMatchObject({
      action: "created",
      personal_access_token_request: { id: request.id, token_id: request.token_id, repository_selection: "subset", repository_count: 1, owner: { login: "acme-dev" } },
      organization: { login: "acme" },
      sender: { login: "acme-dev" },
      installation: { id: sim.control.org("acme").installationId },
    });
  });
});

describe("who sends what", () => {
  it("API reviews deliver approved/denied (sender: an org owner)", async () => {
    const token = await installationToken(sim, "acme");
    const [a, b] = sim.control.org("acme").requests;
    const start = receiver.received.length;
    await simFetch(sim, `/orgs/acme/personal-access-token-requests/${a!.id}`, { token, method: "POST", body: { action: "approve" } });
    await simFetch(sim, `/orgs/acme/personal-access-token-requests/${b!.id}`, { token, method: "POST", body: { action: "deny" } });
    await expect.poll(() => receiver.received.length - start).toBe(2);
    const actions = receiver.received.slice(start).map((d) => [(d.json as { action: string }).action, (d.json as { personal_access_token_request: { id: number } }).personal_access_token_request.id]);
    expect(actions.sort()).toEqual([["approved", a!.id], ["denied", b!.id]].sort());
    expect(receiver.received.slice(start).every((d) => (d.json as { sender: { login: string } }).sender.login === "acme-owner")).toBe(true);
  });

  it("removeMember delivers organization.member_removed and moves the user to exMembers (grants stay)", async () => {
    const org = sim.control.org("acme");
    const owner = org.grants.find((g) => org.members.some((m) => m.login === g.owner.login && m.role === "member"))!.owner.login;
    const start = receiver.received.length;
    await sim.control.removeMember("acme", owner);
    const d = receiver.received[start]!;
    expect(d.headers["x-github-event"]).toBe("organization");
    expect(d.json).toMatchObject({ action: "member_removed", membership: { user: { login: owner }, role: "member" }, organization: { login: "acme" } });
    const after = sim.control.org("acme");
    expect(after.members.some((m) => m.login === owner)).toBe(false);
    expect(after.exMembers.some((m) => m.login === owner)).toBe(true);
    expect(after.grants.some((g) => g.owner.login === owner)).toBe(true);
    const token = await installationToken(sim, "acme");
    expect((await simFetch(sim, `/orgs/acme/memberships/${owner}`, { token })).status).toBe(404);
  });

  it("deliverWebhook reports the receiver's status; without a URL it returns status 0 and does not throw", async () => {
    const failing = await startWebhookReceiver({ status: 500 });
    try {
      sim.control.setWebhookUrl(failing.url);
      expect((await sim.control.deliverWebhook("ping", { zen: "Keep it logically awesome." })).status).toBe(500);
      sim.control.setWebhookUrl(null);
      const r = await sim.control.createRequest("acme");
      expect(r.id).toBeGreaterThan(0);
      expect((await sim.control.deliverWebhook("ping", {})).status).toBe(0);
      expect(sim.control.webhookLog().at(-1)).toMatchObject({ event: "ping", status: 0 });
    } finally {
      sim.control.setWebhookUrl(receiver.url);
      await failing.close();
    }
  });
});
