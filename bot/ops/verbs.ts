// Engine verbs for operations: migrations, liveness of the bridge, health, metrics, webhook
// deliveries claimed once, dashboard sign-outs. Each verb takes one object and returns plain data
// (the embedded-mode bridge carries both as JSON: bot/engine-wire.ts).
import { migrateDb } from "../../db/client.ts";
import { isSessionSignedOut, recordSignOut, type SessionRef } from "../../db/queries/sessions.ts";
import { claimDelivery, finishDelivery, type DeliveryOutcome } from "../../db/queries/webhook-deliveries.ts";
import type { EngineContext } from "../engine-context.ts";
import { checkDatabase } from "./database.ts";
import { readMetrics } from "./metrics.ts";

export type { DatabaseCheck } from "./database.ts";
export type { MetricsReading } from "./metrics.ts";

export function createOpsVerbs(ctx: EngineContext) {
  return {
    /** The bridge's liveness check: which process answers, on what storage. */
    async ping(_: Record<string, never> = {}) {
      return { pid: process.pid, storage: ctx.storage.kind };
    },
    /** Applies pending migrations; `embeddedOnly` skips Postgres, whose migrations are `patwarden migrate`'s job. */
    async migrate({ embeddedOnly = false }: { embeddedOnly?: boolean } = {}) {
      if (embeddedOnly && ctx.storage.kind !== "pglite") return { migrated: false, storage: ctx.storage.kind, where: ctx.storage.where };
      await migrateDb(ctx.storage);
      return { migrated: true, storage: ctx.storage.kind, where: ctx.storage.where };
    },
    /** Where the data lives (kind and a credential-free location), for startup lines. */
    async storage(_: Record<string, never> = {}) {
      return { kind: ctx.storage.kind, where: ctx.storage.where };
    },
    /** GET /api/health's database half: does it answer, and if not, why. */
    async checkDatabase(_: Record<string, never> = {}) {
      return checkDatabase(ctx);
    },
    /** The numbers /metrics reports, read from the database at scrape time. */
    async readMetrics(_: Record<string, never> = {}) {
      return readMetrics({ db: ctx.db });
    },
    /** True when this caller now owns the webhook delivery (a redelivery of a handled one is false). */
    async claimDelivery(input: { deliveryId: string; event: string; action?: string | null; installationId?: number | null }) {
      return claimDelivery({ db: ctx.db, ...input });
    },
    async finishDelivery(input: { deliveryId: string; outcome: Exclude<DeliveryOutcome, "processing">; error?: string }) {
      await finishDelivery({ db: ctx.db, ...input });
    },
    /** Records a dashboard sign-out, so every copy of that sign-in's cookie stops opening. */
    async signOut(input: SessionRef & { expiresAt: Date; now: Date }) {
      await recordSignOut({ db: ctx.db, ...input });
    },
    async isSignedOut(input: SessionRef) {
      return isSessionSignedOut({ db: ctx.db, ...input });
    },
  };
}
