// Keyset paging of a list ordered by (time, id) (model/time-cursor.ts): `before` a cursor reads the
// older rows, `after` it the newer ones, each one index range from the cursor (no OFFSET). The time
// is read as text by SQL itself, so a cursor holds exactly what the comparison saw (microseconds).
import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { encodeTimeCursor, type TimeCursor, type TimeCursorList } from "../../model/time-cursor.ts";

/**
 * A page in the list's own order; `cursors`: each row's, in the order of rows. `older`/`newer`: the cursor to pass as `before`/`after` for the
 * next rows that way, null when there are none (or the page is empty).
 */
export type TimeKeysetPage<R> = { rows: R[]; older: string | null; newer: string | null; cursors: string[] };

export type TimeKeysetRead<R> = (q: { where: SQL | undefined; orderBy: SQL[]; limit: number; key: SQL<string> }) => Promise<{ row: R; key: string; id: number }[]>;

export async function readTimeKeyset<R>({ list, at, id, order, after, before, limit, read }: {
  list: TimeCursorList; at: AnyColumn; id: AnyColumn;
  /** The list's order with no cursor: "desc" newest first. */
  order: "asc" | "desc";
  after?: TimeCursor; before?: TimeCursor; limit: number; read: TimeKeysetRead<R>;
}): Promise<TimeKeysetPage<R>> {
  const cursor = before ?? after;
  const dir = before ? "desc" : after ? "asc" : order;
  const where = cursor
    ? sql`(${at}, ${id}) ${before ? sql`<` : sql`>`} (${cursor.at}::timestamptz, ${cursor.id})`
    : undefined;
  const orderBy = dir === "asc" ? [asc(at), asc(id)] : [desc(at), desc(id)];
  const key = sql<string>`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  const found = await read({ where, orderBy, limit: limit + 1, key });
  const more = found.length > limit;
  const kept = found.slice(0, limit);
  // Read newest first (dir desc): kept[0] is the newest. In time: which ways have rows past this page.
  const olderExists = dir === "desc" ? more : Boolean(after);
  const newerExists = dir === "asc" ? more : Boolean(before);
  const newest = dir === "desc" ? kept[0] : kept[kept.length - 1];
  const oldest = dir === "desc" ? kept[kept.length - 1] : kept[0];
  const cursorOf = (r: { key: string; id: number }) => encodeTimeCursor({ list, at: r.key, id: r.id });
  if (dir !== order) kept.reverse();
  return {
    rows: kept.map((r) => r.row), cursors: kept.map(cursorOf),
    older: olderExists && oldest ? cursorOf(oldest) : null,
    newer: newerExists && newest ? cursorOf(newest) : null,
  };
}
