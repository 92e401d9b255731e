// Engine verbs for audit: append an entry, the audit log page, facets, CSV export. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import { appendAudit, countAuditPage, listAuditFacets, listAuditPage, type AppendAuditInput, type AuditPageFilter } from "../../db/queries/audit.ts";
import { listAuditSources } from "../../db/queries/audit-decisions.ts";
import type { Db } from "../../db/client.ts";
import type { AuditEntry } from "../../db/schema.ts";
import type { EngineContext } from "../engine-context.ts";
import { describeSources, sourcesOf, type AuditEntrySource } from "./sources.ts";

export type { AuditEntry, AuditEntrySource, AuditPageFilter };
/** An entry with every source that reported it: its own actor first, then those linked later. */
export type AuditEntryWithSources = AuditEntry & { sources: AuditEntrySource[] };

async function withSources(db: Db, entries: AuditEntry[]): Promise<AuditEntryWithSources[]> {
  const linked = await listAuditSources({ db, auditIds: entries.map((e) => e.id) });
  return entries.map((e) => ({ ...e, sources: sourcesOf(e, linked.get(e.id) ?? []) }));
}
export type AuditEntryInput = Omit<AppendAuditInput, "db">;

/** One CSV record per entry, in the export's column order (id, at, actor, …, details as JSON, sources). */
export type AuditCsvRecord = [number, string, string, string, string, string, string, string, string, string, string];

export function createAuditVerbs(ctx: EngineContext) {
  return {
    /** Appends one entry; returns its id. */
    async append(entry: AuditEntryInput): Promise<number> {
      return appendAudit({ db: ctx.db, ...entry });
    },
    /** Newest first by id; `before` is the keyset cursor (entries older than that id). */
    async page({ orgId, filter = {}, before, limit = 100 }: { orgId: number; filter?: AuditPageFilter; before?: number; limit?: number }): Promise<AuditEntryWithSources[]> {
      return withSources(ctx.db, await listAuditPage({ db: ctx.db, orgId, filter, beforeId: before, limit }));
    },
    async count({ orgId, filter = {} }: { orgId: number; filter?: AuditPageFilter }): Promise<number> {
      return countAuditPage({ db: ctx.db, orgId, filter });
    },
    /** The actions and actors recorded for an org, for the filter's choices. */
    async facets({ orgId }: { orgId: number }): Promise<{ actions: string[]; actors: string[] }> {
      return listAuditFacets({ db: ctx.db, orgId });
    },
    /** One batch of the CSV export; the caller pages on with `before` = the last record's id. */
    async csvRows({ orgId, filter = {}, before, limit = 500 }: { orgId: number; filter?: AuditPageFilter; before?: number; limit?: number }): Promise<AuditCsvRecord[]> {
      const rows = await withSources(ctx.db, await listAuditPage({ db: ctx.db, orgId, filter, beforeId: before, limit }));
      return rows.map((e) => [
        e.id, e.at.toISOString(), e.actor, e.actorType, e.action, e.targetType ?? "", e.targetId ?? "", e.reason ?? "", e.result, JSON.stringify(e.details ?? {}),
        describeSources(e.sources),
      ]);
    },
  };
}
