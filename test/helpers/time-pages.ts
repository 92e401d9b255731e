// For the (time, id) keyset lists (model/time-cursor.ts): rows with equal times (ties broken by id)
// and times a microsecond apart, and a walk of a list's pages both ways.
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";

const HOUR = 3_600_000;

/** `n` times, newest last: groups of three equal ones an hour apart. */
export function tiedTimes(n: number, end = new Date("2026-03-01T00:00:00Z")): Date[] {
  return Array.from({ length: n }, (_, i) => new Date(end.getTime() - (Math.floor((n - 1 - i) / 3) + 1) * HOUR));
}

/** Moves every third row of `table` a microsecond later (JS dates cannot say it; the cursor must). */
export async function nudgeMicroseconds(db: Db, table: string, column: string): Promise<void> {
  await db.execute(sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${sql.identifier(column)} + interval '1 microsecond' where id % 3 = 0`);
}

/** The ids of `table` for one org, newest first by (column, id): the order every page must give. */
export async function newestFirst(db: Db, table: string, column: string, orgId: number): Promise<number[]> {
  const result = (await db.execute(sql`select id from ${sql.identifier(table)} where org_id = ${orgId} order by ${sql.identifier(column)} desc, id desc`)) as unknown as { rows: { id: number | string }[] };
  return result.rows.map((r) => Number(r.id));
}

type Page = { rows: { id: number }[]; older: string | null; newer: string | null };

/** Walks Older from the first page to the end, then Newer back; returns the pages in both walks. */
export async function walkBothWays(read: (cursor: { before?: string; after?: string }) => Promise<Page>): Promise<{ forward: number[][]; back: number[][]; firstNewer: string | null }> {
  let page = await read({});
  const firstNewer = page.newer;
  const forward = [page.rows.map((r) => r.id)];
  while (page.older) {
    page = await read({ before: page.older });
    forward.push(page.rows.map((r) => r.id));
  }
  const back = [page.rows.map((r) => r.id)];
  while (page.newer) {
    page = await read({ after: page.newer });
    back.unshift(page.rows.map((r) => r.id));
  }
  return { forward, back, firstNewer };
}
