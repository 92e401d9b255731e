import "server-only";
// The requests page: one org's pending PAT requests (oldest first, the review queue) as small rows.
import type { RequestRow } from "../../bot/review/verbs.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type { RequestRow };

/**
 * The oldest this many are shown; reviewing clears the oldest first and brings the next ones in.
 * Rendering costs the server ~0.5 ms of CPU per row (bench/pages.ts: 500 rows took ~270 ms a page
 * at 1,000 pending), and 100 is more than one sitting reviews.
 */
export const REQUESTS_SHOWN = 100;

/** `version`: the org's version read before the rows, the live poll's baseline (app/_components/auto-refresh.tsx). */
export type RequestTable = { login: string; access: OrgAccess; rows: RequestRow[]; total: number; version: string };

export async function listRequestTable({ viewer, org }: { viewer: Viewer; org: string }): Promise<RequestTable> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine } = getDashboardRuntime();
  const { version } = await engine.orgs.version({ orgId: row.id });
  const { total, rows } = await engine.requests.queue({ orgId: row.id, limit: REQUESTS_SHOWN });
  return { login: row.login, access, total, rows, version };
}
