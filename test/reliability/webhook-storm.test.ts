// A webhook storm against the running HTTP server at the default limits: 1,000 signed deliveries
// in one burst (100 in flight at a time, from one address as GitHub's would be): 500 new requests
// created, every pending request cancelled, and 350 redeliveries of those with the same
// X-GitHub-Delivery. All are answered 2xx; each distinct delivery is processed exactly once (one
// webhook_deliveries row "processed", one audit entry), duplicates are not, and the request queue
// ends as GitHub's.
// Checked to fail without the protection: processing a delivery whose claim failed (the
// `if (!claimed)` skip in bot/handlers/route.ts disabled) gives 350 requests two audit entries and
// the test fails (run). A webhook limit below the burst would answer 429s, which the all-2xx
// assertion refuses; endpoint-limits.test.ts pins the default and was run with it lowered.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadFixture, postWebhook, startStack, type Stack } from "../server/harness.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 10, requests: 150 }] });
}, 180_000);
afterAll(async () => stack?.close());

type Delivery = { id: string; payload: Record<string, unknown> };

const rows = async <T>(query: ReturnType<typeof sql>) => ((await stack.handle.db.execute(query)) as unknown as { rows: T[] }).rows;

it("answers and processes a burst of 1,000 deliveries once each", async () => {
  const truth = stack.sim.control.org("acme");
  const org = await stack.org("acme");
  const pendingBefore = await rows<{ n: number }>(sql`select count(*)::int as n from pat_requests where org_id = ${org.id} and status = 'pending'`);
  expect(pendingBefore[0]!.n).toBe(150);
  const payloadFor = (action: "created" | "cancelled", requestId: number, tokenId: number) => {
    const p = loadFixture<Record<string, Record<string, unknown>>>("personal_access_token_request.created");
    p.personal_access_token_request = { ...p.personal_access_token_request, id: requestId, token_id: tokenId };
    p.organization = { ...p.organization, id: truth.id, login: "acme" };
    p.installation = { ...p.installation, id: truth.installationId };
    return { ...p, action } as Record<string, unknown>;
  };
  const created: Delivery[] = Array.from({ length: 500 }, (_, i) => ({ id: randomUUID(), payload: payloadFor("created", 8_000_000 + i, 9_000_000 + i) }));
  const cancelled: Delivery[] = truth.requests.map((r) => ({ id: randomUUID(), payload: payloadFor("cancelled", r.id, r.token_id) }));
  const distinct = [...created, ...cancelled];
  const duplicates = Array.from({ length: 1000 - distinct.length }, (_, i) => distinct[(i * 7) % distinct.length]!);
  // Interleave so a redelivery often races its original.
  const burst = [...distinct, ...duplicates].map((d, i) => ({ d, key: (i * 7919) % 1000 })).sort((a, b) => a.key - b.key).map((x) => x.d);
  expect(burst).toHaveLength(1000);

  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < burst.length) {
      const d = burst[next++]!;
      const res = await postWebhook({ url: stack.server.url, event: "personal_access_token_request", payload: d.payload, secret: stack.sim.app.webhookSecret, deliveryId: d.id });
      statuses.push(res.status);
    }
  };
  await Promise.all(Array.from({ length: 100 }, worker));
  await stack.jobs.idle();
  expect(statuses.filter((s) => s < 200 || s > 299)).toEqual([]);

  const outcomes = await rows<{ outcome: string; n: number }>(sql`select outcome, count(*)::int as n from webhook_deliveries group by outcome`);
  expect(outcomes).toEqual([{ outcome: "processed", n: distinct.length }]);
  const audit = await rows<{ action: string; target_id: string; n: number }>(sql`
    select action, target_id, count(*)::int as n from audit_log where org_id = ${org.id} and action like 'request.%' group by action, target_id`);
  expect(audit.filter((a) => a.n !== 1)).toEqual([]);
  expect(audit.filter((a) => a.action === "request.created")).toHaveLength(500);
  expect(audit.filter((a) => a.action === "request.cancelled")).toHaveLength(150);
  const queue = await rows<{ status: string; n: number }>(sql`select status, count(*)::int as n from pat_requests where org_id = ${org.id} group by status order by status`);
  expect(queue).toEqual([{ status: "cancelled", n: 150 }, { status: "pending", n: 500 }]);
}, 180_000);
