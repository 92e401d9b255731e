// `patwarden sql`'s one statement (bot/sql/verbs.ts checks it first): in a READ ONLY transaction
// that is always rolled back, with the views' schema (migration 0015, docs/sql.md) as the search
// path, a statement timeout, and the rows read through a cursor so the cap stops the fetch instead
// of loading a million rows. Raw clients, not drizzle: the extended protocol refuses a second
// statement, and rows come as arrays (two columns may share a name) with parsers that give the same
// values on Postgres and PGlite.
import type { DbHandle } from "../client.ts";

export const SQL_VIEWS_SCHEMA = "patwarden";
const CURSOR = "patwarden_sql";
/** Prepended to a cursor statement: Postgres's error positions count from the start of the whole text. */
export const CURSOR_PREFIX = `DECLARE ${CURSOR} NO SCROLL CURSOR FOR `;

export type SqlColumn = { name: string; typeId: number };
export type SqlRows = { columns: SqlColumn[]; rows: unknown[][]; truncated: boolean };
type Fields = { name: string; dataTypeID: number }[];
type Run = (text: string) => Promise<{ fields: Fields; rows: unknown[][] }>;

/** int8 as a number while exact, else its text (JSON has no 64-bit integers). */
const int8 = (s: string) => (Number.isSafeInteger(Number(s)) ? Number(s) : s);
/** numeric as a number when 15 significant digits hold it, else its text. */
const numeric = (s: string) => (/^-?\d*\.?\d*$/.test(s) && s.replace(/^-?0*|\./g, "").length <= 15 ? Number(s) : s);
/** A one-dimensional array literal of numbers ({1,2,NULL}). */
const numberArray = (each: (s: string) => unknown) => (s: string) =>
  s === "{}" ? [] : s.slice(1, -1).split(",").map((v) => (v === "NULL" ? null : each(v)));
const asText = (s: string) => s;

/** Type OID → parser, where the two drivers differ or neither gives plain data. */
export const SQL_PARSERS: Record<number, (s: string) => unknown> = {
  20: int8, 1016: numberArray(int8), 1700: numeric, 1231: numberArray(numeric),
  // date, interval and bytea as Postgres writes them (pg gives a local-midnight Date, an object, a Buffer).
  1082: asText, 1186: asText, 17: asText,
};

async function inTransaction(run: Run, statement: { text: string; cursor: boolean; maxRows: number; timeoutMs: number | null }): Promise<SqlRows> {
  await run(`SET LOCAL search_path = ${SQL_VIEWS_SCHEMA}`);
  if (statement.timeoutMs !== null) await run(`SET LOCAL statement_timeout = ${Math.trunc(statement.timeoutMs)}`);
  let result: { fields: Fields; rows: unknown[][] };
  if (statement.cursor) {
    await run(`${CURSOR_PREFIX}${statement.text}`);
    result = await run(`FETCH FORWARD ${statement.maxRows + 1} FROM ${CURSOR}`);
  } else {
    result = await run(statement.text);
  }
  return {
    columns: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })),
    rows: result.rows.slice(0, statement.maxRows),
    truncated: result.rows.length > statement.maxRows,
  };
}

/**
 * Runs one checked read-only statement. `timeoutMs` is Postgres's statement_timeout; PGlite runs
 * in this thread and cannot be interrupted, so there it is not set (docs/sql.md says so).
 */
export async function runReadOnlyQuery({ storage, text, cursor, maxRows, timeoutMs }: {
  storage: DbHandle; text: string; cursor: boolean; maxRows: number; timeoutMs: number;
}): Promise<SqlRows> {
  if (storage.kind === "pglite") {
    const client = storage.pglite;
    if (!client) throw new Error("the embedded database's client is not available in this process");
    let out: SqlRows | undefined;
    // PGlite's transaction() holds its lock for the whole callback: the server's own queries wait, then resume.
    await client.transaction(async (tx) => {
      try {
        await tx.query("SET TRANSACTION READ ONLY");
        const run: Run = async (q) => {
          const r = await tx.query<unknown[]>(q, [], { rowMode: "array", parsers: SQL_PARSERS });
          return { fields: r.fields, rows: r.rows };
        };
        out = await inTransaction(run, { text, cursor, maxRows, timeoutMs: null });
      } finally {
        await tx.rollback();
      }
    });
    return out!;
  }
  if (!storage.databaseUrl) throw new Error("this storage has no connection string for a session of its own");
  const { default: pg } = await import("pg");
  // A session of its own: the statement's settings and a cancelled statement touch no pooled connection.
  const client = new pg.Client({
    connectionString: storage.databaseUrl,
    types: { getTypeParser: ((oid: number, format?: "text" | "binary") => SQL_PARSERS[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser },
  });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("BEGIN READ ONLY");
    const run: Run = async (q) => {
      // queryMode "extended" (pg ≥ 8.12, not in its types): one statement per message, even with no parameters.
      const config: import("pg").QueryArrayConfig & { queryMode: "extended" } = { text: q, values: [], rowMode: "array", queryMode: "extended" };
      const r = await client.query<unknown[]>(config);
      return { fields: r.fields, rows: r.rows };
    };
    return await inTransaction(run, { text, cursor, maxRows, timeoutMs });
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end().catch(() => {});
  }
}
