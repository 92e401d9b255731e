import "server-only";
// The audit log as CSV, streamed: entries are read 500 at a time with the keyset cursor and piped
// through csv-stringify, so an export of a long history never sits in memory whole.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { Engine } from "../../bot/engine.ts";
import type { AuditPageFilter } from "../../bot/audit/verbs.ts";
import { parseAuditQuery } from "../_lib/audit-query.ts";
import { formatDate } from "../_lib/format.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

const BATCH = 500;
export const AUDIT_CSV_COLUMNS = ["id", "at", "actor", "actor_type", "action", "target_type", "target_id", "reason", "result", "details", "sources"] as const;

async function* auditRecords({ engine, orgId, filter }: { engine: Engine; orgId: number; filter: AuditPageFilter }) {
  let before: number | undefined;
  for (;;) {
    const rows = await engine.audit.csvRows({ orgId, filter, before, limit: BATCH });
    yield* rows;
    if (rows.length < BATCH) return;
    before = rows[rows.length - 1]![0];
  }
}

/** Checks the viewer, parses the filter (InvalidInput names the field), then streams. */
export async function exportAuditCsv({ viewer, org, params }: {
  viewer: Viewer | null; org: string; params: URLSearchParams;
}): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const { org: row } = await checkOrgAccess({ viewer, org });
  const { filter } = parseAuditQuery(params);
  const { engine, now } = getDashboardRuntime();
  // escape_formulas: reasons are typed by people; a cell starting with "=" must not run in a spreadsheet.
  const csv = stringify({ header: true, columns: [...AUDIT_CSV_COLUMNS], escape_formulas: true });
  pipeline(Readable.from(auditRecords({ engine, orgId: row.id, filter })), csv).catch((error: unknown) => {
    console.error("audit export failed:", error);
  });
  return {
    filename: `${row.login}-audit-${formatDate(now())}.csv`,
    body: Readable.toWeb(csv) as ReadableStream<Uint8Array>,
  };
}
