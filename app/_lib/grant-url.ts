// URLs of the grants table: every filter, sort and page lives in the query string, so a view is
// shareable and the back button walks through earlier views.
import { defaultDirection, GRANT_SORT_COLUMNS, type GrantSortColumn, type SortDirection } from "../../model/grant-filter.ts";

export type RawParams = Record<string, string | string[] | undefined>;

/** Next's searchParams object → URLSearchParams, blanks dropped (an empty form field means "not set"). */
export function toSearchParams(raw: RawParams): URLSearchParams {
  const p = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) if (v.trim() !== "") p.append(key, v);
  }
  return p;
}

/** Same view with some keys replaced (null removes); any filter change returns to page 1 (drops page and cursor). */
export function withParams(current: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    if (value !== null) next.set(key, value);
  }
  if (!("page" in changes)) next.delete("page");
  // A cursor belongs to one filter, sort and page: any other change starts again without it.
  if (!("after" in changes) && !("before" in changes)) for (const k of ["after", "before"]) next.delete(k);
  const qs = next.toString();
  return qs ? `?${qs}` : "?";
}

/** Clicking a column header: sort by it in its natural direction, or flip when already sorted by it. */
export function sortHref({ current, column, sort, direction }: {
  current: URLSearchParams; column: GrantSortColumn; sort: GrantSortColumn; direction: SortDirection;
}): string {
  const dir = column === sort ? (direction === "asc" ? "desc" : "asc") : defaultDirection(column);
  return withParams(current, { sort: column, direction: dir });
}

export function isSortColumn(value: string): value is GrantSortColumn {
  return (GRANT_SORT_COLUMNS as readonly string[]).includes(value);
}

export function pageCount({ total, perPage }: { total: number; perPage: number }): number {
  return Math.max(1, Math.ceil(total / perPage));
}
