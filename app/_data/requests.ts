import "server-only";
// The requests page: one org's pending PAT requests (oldest first, the review queue) as small rows.
import type { RequestRow } from "../../bot/review/verbs.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type { RequestRow };

/** More than this are listed a page at a time by age; reviewing clears the oldest first. */
export const REQUESTS_SHOWN = 500;

/** `version`: the org's version read before the rows, the live poll's baseline (app/_components/auto-refresh.tsx). */
export type RequestTable = { login: string; access: OrgAccess; rows: RequestRow[]; total: number; version: string };

export async function listRequestTable({ viewer, org }: { viewer: Viewer; org: string }): Promise<RequestTable> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine } = getDashboardRuntime();
  const { version } = await engine.orgs.version({ orgId: row.id });
  const { total, rows } = await engine.requests.queue({ orgId: row.id, limit: REQUESTS_SHOWN });
  return { login: row.login, access, total, rows, version };
}
