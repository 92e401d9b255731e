// Grant timelines: first seen, what changed (before/after), warnings, removal. Append-only by convention.
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grantEvents, type GrantEvent, type GrantEventKind } from "../schema.ts";

export type NewGrantEventInput = { orgId: number; grantId: number; kind: GrantEventKind; details?: Record<string, unknown>; at?: Date };

export async function recordGrantEvents({ db, events }: { db: Db; events: NewGrantEventInput[] }): Promise<void> {
  if (events.length === 0) return;
  // Bounded chunks: a first sync of a big org records one event per grant.
  for (let i = 0; i < events.length; i += 1000) {
    await db.insert(grantEvents).values(
      events.slice(i, i + 1000).map((e) => ({ orgId: e.orgId, grantId: e.grantId, kind: e.kind, details: e.details ?? {}, ...(e.at ? { at: e.at } : {}) })),
    );
  }
}

export async function listGrantEvents({ db, orgId, grantId }: { db: Db; orgId: number; grantId: number }): Promise<GrantEvent[]> {
  return db.select().from(grantEvents).where(and(eq(grantEvents.orgId, orgId), eq(grantEvents.grantId, grantId))).orderBy(asc(grantEvents.at), asc(grantEvents.id));
}
