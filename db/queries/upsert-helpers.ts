// Pieces of `INSERT … ON CONFLICT DO UPDATE … WHERE <something changed>`, so a re-sync of
// unchanged data writes nothing (polite to the database, and `updated` counts mean something).
import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/** `excluded.<col>`: the value the INSERT proposed. */
export function excluded(col: PgColumn): SQL {
  return sql.raw(`excluded."${col.name}"`);
}

/** `{ key: excluded.col }` for each column, ready for onConflictDoUpdate's `set`. */
export function takeExcluded<K extends string>(cols: Record<K, PgColumn>): Record<K, SQL> {
  return Object.fromEntries(Object.entries<PgColumn>(cols).map(([k, c]) => [k, excluded(c)])) as Record<K, SQL>;
}

/** True when any of the columns would change: `(t.a, t.b) is distinct from (excluded.a, excluded.b)`. */
export function anyChanged(cols: PgColumn[]): SQL {
  const current = sql.join(cols.map((c) => sql`${c}`), sql`, `);
  const proposed = sql.join(cols.map((c) => excluded(c)), sql`, `);
  return sql`(${current}) is distinct from (${proposed})`;
}

/** `(xmax = 0)` in RETURNING is true for a freshly inserted row, false for an updated one. */
export const wasInserted = sql<boolean>`(xmax = 0)`;

/** A bigint[] parameter for `= any(...)`. */
export function idArray(ids: readonly number[]): SQL {
  return sql`${`{${ids.join(",")}}`}::bigint[]`;
}
