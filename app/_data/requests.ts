import "server-only";
// The requests page: one org's pending PAT requests (oldest first, the review queue) as small rows,
// a page at a time by a keyset cursor (model/time-cursor.ts).
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

/**
 * `version`: the org's version read before the rows, the live poll's baseline (app/_components/auto-refresh.tsx).
 * `next`/`previous`: the cursors of the following (`?after=`) and earlier (`?before=`) pages, null when none.
 */
export type RequestTable = {
  login: string; access: OrgAccess; rows: RequestRow[]; total: number; version: string; next: string | null; previous: string | null;
};

/** `after`/`before`: a cursor from the page's Next/Previous link (a bad one is InvalidInput naming it). */
export async function listRequestTable({ viewer, org, after, before, limit = REQUESTS_SHOWN }: {
  viewer: Viewer; org: string; after?: string; before?: string; limit?: number;
}): Promise<RequestTable> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine } = getDashboardRuntime();
  const { version } = await engine.orgs.version({ orgId: row.id });
  const { total, rows, newer, older } = await engine.requests.queue({ orgId: row.id, limit, after, before });
  return { login: row.login, access, total, rows, version, next: newer, previous: older };
}
