// Grant timelines: first seen, what changed (before/after), warnings, removal. Append-only by convention.
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grantEvents, type GrantEvent } from "../schema.ts";
import { type GrantEventKind } from "../../model/statuses.ts";
import { insertFromJson } from "./upsert-helpers.ts";

export type NewGrantEventInput = { orgId: number; grantId: number; kind: GrantEventKind; details?: Record<string, unknown>; at?: Date };

export async function recordGrantEvents({ db, events }: { db: Db; events: NewGrantEventInput[] }): Promise<void> {
  if (events.length === 0) return;
  // Bounded chunks, one JSON parameter each (insertFromJson): a first sync records one event per
  // grant. Events without `at` take the column default, the transaction's now().
  const base = { orgId: grantEvents.orgId, grantId: grantEvents.grantId, kind: grantEvents.kind, details: grantEvents.details };
  for (const dated of [true, false]) {
    const rows = events.filter((e) => (e.at !== undefined) === dated).map((e) => ({ ...e, details: e.details ?? {} }));
    const columns = dated ? { ...base, at: grantEvents.at } : base;
    for (let i = 0; i < rows.length; i += 1000) await db.execute(insertFromJson({ table: grantEvents, columns, rows: rows.slice(i, i + 1000) }));
  }
}

export async function listGrantEvents({ db, orgId, grantId }: { db: Db; orgId: number; grantId: number }): Promise<GrantEvent[]> {
  return db.select().from(grantEvents).where(and(eq(grantEvents.orgId, orgId), eq(grantEvents.grantId, grantId))).orderBy(asc(grantEvents.at), asc(grantEvents.id));
}
