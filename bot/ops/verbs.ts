// Engine verbs for operations: migrations, liveness of the bridge, health, metrics, webhook
// deliveries claimed once, dashboard sign-outs. Each verb takes one object and returns plain data
// (the embedded-mode bridge carries both as JSON: bot/engine-wire.ts).
import { migrateDb } from "../../db/client.ts";
import type { EngineContext } from "../engine-context.ts";

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
  };
}
