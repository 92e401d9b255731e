// Each X-GitHub-Delivery is processed once: the first receiver claims it, redeliveries see the claim.
import { and, count, eq, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { webhookDeliveries } from "../schema.ts";

export const DELIVERY_OUTCOMES = ["processing", "processed", "ignored", "failed"] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/**
 * True when this caller now owns the delivery. A delivery that failed may be claimed again, because
 * a manual redelivery from GitHub is how an operator retries it; so may one stuck "processing" for
 * over ten minutes (its process died; handlers take seconds). Any other earlier claim wins.
 */
export async function claimDelivery({ db, deliveryId, event, action, installationId }: {
  db: Db; deliveryId: string; event: string; action?: string | null; installationId?: number | null;
}): Promise<boolean> {
  const rows = await db
    .insert(webhookDeliveries)
    .values({ deliveryId, event, action: action ?? null, installationId: installationId ?? null })
    .onConflictDoUpdate({
      target: webhookDeliveries.deliveryId,
      set: { outcome: "processing", error: null, receivedAt: sql`now()` },
      setWhere: or(
        eq(webhookDeliveries.outcome, "failed"),
        and(eq(webhookDeliveries.outcome, "processing"), lt(webhookDeliveries.receivedAt, sql`now() - interval '10 minutes'`)),
      ),
    })
    .returning({ deliveryId: webhookDeliveries.deliveryId });
  return rows.length === 1;
}

export async function finishDelivery({ db, deliveryId, outcome, error }: {
  db: Db; deliveryId: string; outcome: Exclude<DeliveryOutcome, "processing">; error?: string;
}): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ outcome, error: error ? error.slice(0, 2000) : null })
    .where(eq(webhookDeliveries.deliveryId, deliveryId));
}

export async function getDelivery({ db, deliveryId }: { db: Db; deliveryId: string }) {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, deliveryId));
  return row ?? null;
}

/** For /metrics. */
export async function countDeliveriesByOutcome({ db }: { db: Db }): Promise<{ event: string; outcome: string; n: number }[]> {
  const rows = await db
    .select({ event: webhookDeliveries.event, outcome: webhookDeliveries.outcome, n: count() })
    .from(webhookDeliveries)
    .groupBy(webhookDeliveries.event, webhookDeliveries.outcome);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
