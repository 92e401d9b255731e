// POST /api/github/webhooks through the real server: signatures, redelivery, refusals.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { getRequest } from "../../db/queries/requests.ts";
import { getDelivery } from "../../db/queries/webhook-deliveries.ts";
import { loadFixture, postWebhook, startStack, type Stack } from "../server/harness.ts";

let stack: Stack;
let orgId: number;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 40, requests: 2 }] });
  orgId = (await stack.org("acme")).id;
});
afterAll(() => stack?.close());

/** The created fixture, pointed at the simulator's org, with its own request id. */
function createdPayload(requestId: number) {
  const p = loadFixture<{ organization: { id: number; login: string }; installation: { id: number }; personal_access_token_request: { id: number } }>(
    "personal_access_token_request.created",
  );
  p.organization.id = orgId;
  p.installation.id = stack.sim.control.org("acme").installationId;
  p.personal_access_token_request.id = requestId;
  return p;
}

const send = (payload: unknown, extra: { deliveryId?: string; signature?: string | null } = {}) =>
  postWebhook({ url: stack.server.url, event: "personal_access_token_request", payload, secret: stack.env.WEBHOOK_SECRET!, ...extra });

describe("webhook signature", () => {
  it("processes a correctly signed delivery", async () => {
    const res = await send(createdPayload(7200001));
    expect(res.status).toBe(200);
    expect((await getRequest({ db: stack.handle.db, orgId, requestId: 7200001 }))?.status).toBe("pending");
    expect((await getDelivery({ db: stack.handle.db, deliveryId: res.deliveryId }))?.outcome).toBe("processed");
  });

  it("rejects a bad signature with 401 and stores nothing", async () => {
    const res = await send(createdPayload(7200002), { signature: `sha256=${"0".repeat(64)}` });
    expect(res.status).toBe(401);
    expect(await getRequest({ db: stack.handle.db, orgId, requestId: 7200002 })).toBeNull();
    expect(await getDelivery({ db: stack.handle.db, deliveryId: res.deliveryId })).toBeNull();
  });

  it("rejects a body signed with another secret", async () => {
    const res = await postWebhook({ url: stack.server.url, event: "personal_access_token_request", payload: createdPayload(7200003), secret: "not-the-secret" });
    expect(res.status).toBe(401);
    expect(await getRequest({ db: stack.handle.db, orgId, requestId: 7200003 })).toBeNull();
  });

  it("rejects a missing signature with 400 and stores nothing", async () => {
    const res = await send(createdPayload(7200004), { signature: null });
    expect(res.status).toBe(400);
    expect(res.body).toContain("x-hub-signature-256");
    expect(await getRequest({ db: stack.handle.db, orgId, requestId: 7200004 })).toBeNull();
    expect(await getDelivery({ db: stack.handle.db, deliveryId: res.deliveryId })).toBeNull();
  });

  it("refuses a body over 25 MB before reading it", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${stack.server.url}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": String(25 * 1024 * 1024 + 1),
          "x-github-event": "personal_access_token_request",
          "x-github-delivery": "oversized-1",
          "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
        },
      }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write("{");
    });
    expect(status).toBe(413);
    expect(await getDelivery({ db: stack.handle.db, deliveryId: "oversized-1" })).toBeNull();
  });

  it("answers 405 to other methods", async () => {
    expect((await fetch(`${stack.server.url}/api/github/webhooks`)).status).toBe(405);
  });
});

describe("redelivery", () => {
  it("acknowledges a redelivery with 200 and does not process it again", async () => {
    const payload = createdPayload(7200010);
    const first = await send(payload, { deliveryId: "redelivered-1" });
    const again = await send(payload, { deliveryId: "redelivered-1" });
    expect([first.status, again.status]).toEqual([200, 200]);
    const audit = await listAudit({ db: stack.handle.db, orgId, filter: { action: "request.created", targetId: 7200010 } });
    expect(audit).toHaveLength(1);
  });

  it("processes the same event again under a new delivery id (GitHub's retry of a new event)", async () => {
    const payload = createdPayload(7200011);
    await send(payload);
    await send(payload);
    const audit = await listAudit({ db: stack.handle.db, orgId, filter: { action: "request.created", targetId: 7200011 } });
    expect(audit).toHaveLength(2);
  });

  it("lets a failed delivery be retried by redelivering it", async () => {
    const broken = createdPayload(7200012) as unknown as { personal_access_token_request: Record<string, unknown> };
    delete broken.personal_access_token_request.token_id;
    const failed = await send(broken, { deliveryId: "retry-after-failure" });
    expect(failed.status).toBe(500);
    expect((await getDelivery({ db: stack.handle.db, deliveryId: "retry-after-failure" }))?.outcome).toBe("failed");
    const fixed = await send(createdPayload(7200012), { deliveryId: "retry-after-failure" });
    expect(fixed.status).toBe(200);
    expect((await getDelivery({ db: stack.handle.db, deliveryId: "retry-after-failure" }))?.outcome).toBe("processed");
    expect((await getRequest({ db: stack.handle.db, orgId, requestId: 7200012 }))?.status).toBe("pending");
  });
});

describe("events patwarden does not handle", () => {
  it("acknowledges them and stores nothing", async () => {
    const res = await postWebhook({ url: stack.server.url, event: "star", payload: { action: "created" }, secret: stack.env.WEBHOOK_SECRET! });
    expect(res.status).toBe(200);
    expect(await getDelivery({ db: stack.handle.db, deliveryId: res.deliveryId })).toBeNull();
  });

  it("marks a request for an unknown org as ignored", async () => {
    const p = createdPayload(7200020);
    p.organization.id = 424242;
    const res = await send(p);
    expect(res.status).toBe(200);
    expect((await getDelivery({ db: stack.handle.db, deliveryId: res.deliveryId }))?.outcome).toBe("ignored");
  });
});
