import "server-only";
// The audit log as CSV, streamed: entries are read 500 at a time with the keyset cursor and piped
// through csv-stringify, so an export of a long history never sits in memory whole.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { listAuditPage, type AuditPageFilter } from "../../db/queries/audit.ts";
import type { Db } from "../../db/client.ts";
import { parseAuditQuery } from "../_lib/audit-query.ts";
import { formatDate } from "../_lib/format.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

const BATCH = 500;
export const AUDIT_CSV_COLUMNS = ["id", "at", "actor", "actor_type", "action", "target_type", "target_id", "reason", "result", "details"] as const;

async function* auditRecords({ db, orgId, filter }: { db: Db; orgId: number; filter: AuditPageFilter }) {
  let before: number | undefined;
  for (;;) {
    const rows = await listAuditPage({ db, orgId, filter, beforeId: before, limit: BATCH });
    for (const e of rows) {
      yield [e.id, e.at.toISOString(), e.actor, e.actorType, e.action, e.targetType ?? "", e.targetId ?? "", e.reason ?? "", e.result, JSON.stringify(e.details ?? {})];
    }
    if (rows.length < BATCH) return;
    before = rows[rows.length - 1]!.id;
  }
}

/** Checks the viewer, parses the filter (InvalidInput names the field), then streams. */
export async function exportAuditCsv({ viewer, org, params }: {
  viewer: Viewer | null; org: string; params: URLSearchParams;
}): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const { org: row } = await checkOrgAccess({ viewer, org });
  const { filter } = parseAuditQuery(params);
  const { db, now } = getDashboardRuntime();
  // escape_formulas: reasons are typed by people; a cell starting with "=" must not run in a spreadsheet.
  const csv = stringify({ header: true, columns: [...AUDIT_CSV_COLUMNS], escape_formulas: true });
  pipeline(Readable.from(auditRecords({ db, orgId: row.id, filter })), csv).catch((error: unknown) => {
    console.error("audit export failed:", error);
  });
  return {
    filename: `${row.login}-audit-${formatDate(now())}.csv`,
    body: Readable.toWeb(csv) as ReadableStream<Uint8Array>,
  };
}
