// Pieces of `INSERT … ON CONFLICT DO UPDATE … WHERE <something changed>`, so a re-sync of
// unchanged data writes nothing (polite to the database, and `updated` counts mean something).
import { sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

/** `excluded.<col>`: the value the INSERT proposed. */
export function excluded(col: PgColumn): SQL {
  return sql.raw(`excluded."${col.name}"`);
}

/** `{ key: excluded.col }` for each column, ready for onConflictDoUpdate's `set`. */
export function takeExcluded<K extends string>(cols: Record<K, PgColumn>): Record<K, SQL> {
  return Object.fromEntries(Object.entries<PgColumn>(cols).map(([k, c]) => [k, excluded(c)])) as Record<K, SQL>;
}

/** `a = excluded.a, b = excluded.b` for a raw `on conflict … do update set`. */
export function setExcluded(cols: PgColumn[]): SQL {
  return sql.raw(cols.map((c) => `"${c.name}" = excluded."${c.name}"`).join(", "));
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

/**
 * `insert into <table> (<cols>) select <cols> from jsonb_to_recordset(<one JSON parameter>)`: many
 * rows as a single bound value. Drizzle's `.values()` makes every cell a parameter and builds the
 * statement cell by cell in JS (~20 ms of CPU for a page of 100 grants, most of a sync's CPU);
 * this costs one JSON.stringify, and Postgres parses one value instead of thousands. `columns`
 * maps the row keys to columns; values are what the column takes (Date, object for jsonb, array).
 * Append `on conflict …` / `returning …` with sql`${insertFromJson(…)} on conflict …`.
 */
export function insertFromJson({ table, columns, rows }: {
  table: PgTable; columns: Record<string, PgColumn>; rows: readonly object[];
}): SQL {
  const entries = Object.entries<PgColumn>(columns);
  const names = entries.map(([, c]) => `"${c.name}"`).join(", ");
  const types = entries.map(([, c]) => `"${c.name}" ${c.getSQLType().replace(/^bigserial$/, "bigint")}`).join(", ");
  // Plain loops: this runs for every row a sync writes (Object.fromEntries cost a visible share).
  const out: Record<string, unknown>[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>;
    const o: Record<string, unknown> = {};
    for (const [k, c] of entries) o[c.name] = row[k] ?? null;
    out[i] = o;
  }
  const json = JSON.stringify(out);
  return sql`insert into ${table} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${json}::jsonb) as r(${sql.raw(types)})`;
}
