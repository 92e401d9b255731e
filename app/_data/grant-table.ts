import "server-only";
// The grants table: filtered, sorted and paginated in SQL, scoped to one org the viewer may see,
// returned as small rows (never the whole inventory); a filter it cannot apply, or a page past the
// end, comes back as a sentence to show, not an empty table.
import { parseGrantQuery, repositoryNote, type GrantQuery } from "../../model/grant-filter.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { toGrantRow, type GrantRow } from "./grants.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type GrantTable = {
  login: string;
  access: OrgAccess;
  query: GrantQuery;
  rows: GrantRow[];
  /** Grants the filter matches; a lower bound when totalCapped (db/queries/grants.ts countCapFor). */
  total: number;
  totalCapped: boolean;
  /** All grants of the org in the same state (active by default), for "n of N"; capped the same way. */
  orgTotal: number;
  orgTotalCapped: boolean;
  /** The filter in the URL could not be applied: a sentence, and the field it names (shown by that field). */
  error: string | null;
  errorField: string | null;
  /** The page asked for is past the last one: the form shows where the results end instead of an empty table. */
  pastEnd: { page: number; lastPage: number } | null;
  /** model/grant-filter.ts repositoryNote: all-repository grants are in a repository filter's result. */
  note: string | null;
  /** Keyset links (model/grant-cursor.ts): the cursors of the pages after and before this one, null at either end. */
  nextCursor: string | null;
  prevCursor: string | null;
  /** This page's number: from the URL's offset page, or carried by Next/Previous links; null when reached by a bare cursor. */
  pageNumber: number | null;
};

/** `countCap` replaces both caps of db/queries/grants.ts (tests); by default they stop at 1,000 filtered, 10,000 in all. */
export async function listGrantTable({ viewer, org, params, countCap }: {
  viewer: Viewer; org: string; params: URLSearchParams; countCap?: number;
}): Promise<GrantTable> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine } = getDashboardRuntime();
  const input = Object.fromEntries([...new Set(params.keys())].map((k) => [k, params.getAll(k)]));
  const empty = { login: row.login, access, rows: [], total: 0, totalCapped: false, error: null, errorField: null, pastEnd: null, note: null, nextCursor: null, prevCursor: null, pageNumber: null };
  let query: GrantQuery;
  const refused = async (e: unknown, q: GrantQuery): Promise<GrantTable> => {
    const { kind, field } = e as { kind?: string; field?: string };
    if (kind !== "InvalidInput") throw e;
    const orgCount = await engine.grants.count({ orgId: row.id, filter: { state: q.filter.state }, cap: countCap });
    const error = `This filter cannot be applied: ${(e as Error).message}. Change it below, or clear the filters.`;
    return { ...empty, query: q, orgTotal: orgCount.total, orgTotalCapped: orgCount.capped, error, errorField: field ?? null };
  };
  try {
    query = parseGrantQuery({ input });
  } catch (e) {
    return refused(e, parseGrantQuery({ input: {} }));
  }
  const { filter, sort, direction, page, perPage, after, before } = query;
  const byCursor = after !== undefined || before !== undefined;
  try {
    const list = await engine.grants.list({ orgId: row.id, filter, sort, direction, page, perPage, countCap, withOrgTotal: true, after, before });
    const orgCount = list.orgTotal ?? { total: list.total, capped: list.totalCapped };
    return {
      ...empty, query, rows: list.rows.map(toGrantRow), total: list.total, totalCapped: list.totalCapped,
      orgTotal: orgCount.total, orgTotalCapped: orgCount.capped, note: repositoryNote(filter),
      nextCursor: list.nextCursor, prevCursor: list.prevCursor,
      // Walking back to the start proves page 1 whatever the link said.
      pageNumber: byCursor && list.prevCursor === null ? 1 : !byCursor || params.has("page") ? page : null,
    };
  } catch (e) {
    const { kind, field } = e as { kind?: string; field?: string };
    if (kind !== "InvalidInput" || field !== "page") return refused(e, query);
    // Past the end every match lies before this page's offset, so a count capped there is exact.
    const [matching, orgCount] = await Promise.all([
      engine.grants.count({ orgId: row.id, filter, cap: (page - 1) * perPage }),
      engine.grants.count({ orgId: row.id, filter: { state: filter.state }, cap: countCap }),
    ]);
    return {
      ...empty, query, total: matching.total, orgTotal: orgCount.total, orgTotalCapped: orgCount.capped,
      pastEnd: { page, lastPage: Math.max(1, Math.ceil(matching.total / perPage)) }, note: repositoryNote(filter),
    };
  }
}
