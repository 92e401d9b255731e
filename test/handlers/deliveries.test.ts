// claimDelivery: the first claim wins; failed or abandoned claims may be taken again.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { claimDelivery, finishDelivery, getDelivery } from "../../db/queries/webhook-deliveries.ts";
import { createTestDb } from "../helpers/db.ts";

let h: DbHandle;
beforeAll(async () => (h = await createTestDb()));
afterAll(() => h?.close());

const claim = (deliveryId: string) => claimDelivery({ db: h.db, deliveryId, event: "organization", action: "member_removed", installationId: 1 });

it("lets only the first of concurrent claims through", async () => {
  const results = await Promise.all([claim("d-1"), claim("d-1"), claim("d-1")]);
  expect(results.filter(Boolean)).toHaveLength(1);
  await finishDelivery({ db: h.db, deliveryId: "d-1", outcome: "processed" });
  expect(await claim("d-1")).toBe(false);
});

it("re-claims a failed delivery, and one abandoned while processing", async () => {
  expect(await claim("d-2")).toBe(true);
  await finishDelivery({ db: h.db, deliveryId: "d-2", outcome: "failed", error: "boom" });
  expect(await claim("d-2")).toBe(true);
  expect(await getDelivery({ db: h.db, deliveryId: "d-2" })).toMatchObject({ outcome: "processing", error: null });

  expect(await claim("d-3")).toBe(true);
  expect(await claim("d-3")).toBe(false);
  await h.db.execute(sql`update webhook_deliveries set received_at = now() - interval '11 minutes' where delivery_id = 'd-3'`);
  expect(await claim("d-3")).toBe(true);
});
