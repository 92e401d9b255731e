// `patwarden sql "select …"`: one read-only statement over the views of docs/sql.md, as a table,
// JSON (an array of row objects) or CSV; `--create-role NAME` makes the read-only role for BI tools.
import { InvalidInput } from "../../model/errors.ts";
import { plural } from "../../model/words.ts";
import type { SqlQueryResult } from "../sql/verbs.ts";
import { parseFlags, parseFormat, type OutputFormat } from "./args.ts";
import { EXIT, type CliContext, type Command } from "./context.ts";
import { printRows, WIDE_FLAG, WIDE_HELP } from "./format.ts";

const HELP = `Usage: patwarden sql "SELECT …" [--format table|json|csv] [--max-rows N] [--timeout SECONDS] [--wide]
       patwarden sql --create-role NAME [--password-env VAR]

Runs one read-only statement (SELECT, WITH, VALUES, TABLE, EXPLAIN or SHOW) over patwarden's views:
grants, grant_repositories, credentials, requests, request_repositories, people, audit (docs/sql.md
lists their columns and ten example queries). It runs in a READ ONLY transaction that is rolled
back, with the views' schema as the search path; a second statement or a write is refused.

  --format F          table (default), json (an array of row objects) or csv
  --max-rows N        stop after N rows (default 1000, at most 100000); stderr says when more matched
  --timeout SECONDS   cancel the statement after this long (default 30, at most 600); on Postgres
                      only: the embedded database (PGlite) cannot interrupt a running statement
${WIDE_HELP}

  --create-role NAME  create (or update) a Postgres role that may read the views and nothing else:
                      USAGE on schema patwarden, SELECT on its views, read-only by default.
                      NOLOGIN (grant it to a login role) unless --password-env is given
  --password-env VAR  make it a LOGIN role whose password is in environment variable VAR
                      (never on the command line, where other users' ps would see it)

Examples:
  patwarden sql "select owner, count(*) from grants where active group by owner order by 2 desc"
  patwarden sql "select * from credentials where active and kind = 'classic_pat'" --format csv
  READER_PASSWORD=… patwarden sql --create-role patwarden_reader --password-env READER_PASSWORD
`;

/** A cell as text: dates in full ISO, lists joined, objects as JSON, null empty. */
function cellText(v: unknown, joinLists: boolean): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString();
  if (Array.isArray(v) && joinLists && v.every((x) => x === null || typeof x !== "object")) return v.map((x) => (x === null ? "NULL" : String(x))).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** JSON keys: a name that repeats (two columns called "count") gets _2, _3, … so no value is lost. */
function jsonKeys(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n}_${k}`;
  });
}

function print(ctx: CliContext, { result, format, wide }: { result: SqlQueryResult; format: OutputFormat; wide: boolean }): void {
  const keys = jsonKeys(result.columns.map((c) => c.name));
  printRows(ctx, {
    format,
    wide,
    rows: result.rows,
    json: (row) => Object.fromEntries(keys.map((k, i) => [k, row[i] ?? null])),
    columns: result.columns.map((c, i) => ({ header: c.name, shrink: true, value: (row: unknown[]) => cellText(row[i], format === "table") })),
  });
}

function seconds(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const s = Number(value);
  if (!Number.isFinite(s) || s <= 0 || s > 600) throw new InvalidInput("--timeout", `expected seconds from 1 to 600, got ${JSON.stringify(value)}`);
  return Math.round(s * 1000);
}

async function createRole(ctx: CliContext, { name, passwordEnv }: { name: string; passwordEnv: string | undefined }): Promise<number> {
  let password: string | null = null;
  if (passwordEnv !== undefined) {
    password = ctx.rawEnv[passwordEnv] ?? null;
    if (!password) throw new InvalidInput("--password-env", `environment variable ${passwordEnv} is not set (or empty)`);
  }
  const role = await (await ctx.engine()).sql.createRole({ name, password });
  ctx.out(`${role.created ? "Created" : "Updated"} role ${role.role} (${role.login ? "LOGIN, password from " + passwordEnv : "NOLOGIN: GRANT it to a login role"}): `
    + `SELECT on ${plural(role.views.length, "view")} in schema patwarden (${role.views.join(", ")}), nothing else; read-only by default.\n`);
  if (role.canCreateInPublic) {
    ctx.err("warning: every role may still create tables in schema public (Postgres 14 and older grant that to PUBLIC); run REVOKE CREATE ON SCHEMA public FROM PUBLIC as its owner\n");
  }
  return EXIT.ok;
}

export const sqlCommand: Command = {
  name: "sql",
  summary: "run one read-only SQL query over patwarden's views (table, json, csv); --create-role for BI tools",
  usage: "patwarden sql \"SELECT …\"",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values, positionals } = parseFlags({ args, positionals: 1, options: {
      format: { type: "string" }, "max-rows": { type: "string" }, timeout: { type: "string" }, "create-role": { type: "string" }, "password-env": { type: "string" }, ...WIDE_FLAG,
    } });
    if (typeof values["create-role"] === "string") {
      if (positionals.length) throw new InvalidInput("--create-role", "takes no query; run the query on its own");
      return createRole(ctx, { name: values["create-role"], passwordEnv: typeof values["password-env"] === "string" ? values["password-env"] : undefined });
    }
    if (values["password-env"] !== undefined) throw new InvalidInput("--password-env", "goes with --create-role");
    const format = parseFormat(values.format);
    const text = positionals[0];
    if (text === undefined) throw new InvalidInput("sql", "give one statement in quotes, e.g. patwarden sql \"select count(*) from grants where active\"");
    const maxRows = values["max-rows"] === undefined ? undefined : Number(values["max-rows"]);
    const engine = await ctx.engine();
    const result = await engine.sql.query({ text, maxRows, timeoutMs: seconds(values.timeout) });
    print(ctx, { result, format, wide: values.wide === true });
    if (result.truncated) ctx.err(`(stopped at ${plural(result.maxRows, "row")}; more matched: --max-rows raises the cap, up to 100000)\n`);
    else if (format === "table") ctx.err(`(${plural(result.rows.length, "row")})\n`);
    return EXIT.ok;
  },
};
