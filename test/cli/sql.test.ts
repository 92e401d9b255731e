// `patwarden sql` as a person runs it: a table, JSON rows, CSV; the row cap said on stderr; a write,
// a second statement or a broken query refused in one sentence with exit 2 (never a stack); and
// the same answers through the embedded-mode bridge of a running server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../bot/engine.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { newServerToken, writeServerState } from "../../bot/server/state-file.ts";
import { startStack, type Stack } from "../server/harness.ts";
import { seedSqlViews } from "../sql/seed.ts";
import { runCli } from "./run-cli.ts";

let stack: Stack;
let bridge: RunningServer;
let dataDir: string;
const token = newServerToken();

beforeAll(async () => {
  stack = await startStack({ orgs: [], sync: false });
  await seedSqlViews(stack.handle.db);
  bridge = await startServer({ env: stack.env, log: createLogger({ level: "silent" }), port: 0, internalEngine: { token, engine: createEngine({ db: stack.handle }) } });
  dataDir = mkdtempSync(path.join(tmpdir(), "pw-sql-"));
  writeServerState({ file: path.join(dataDir, "server.json"), state: { pid: process.pid, port: bridge.port, token } });
});
afterAll(async () => {
  await bridge?.close();
  await stack?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const sql = (...argv: string[]) => runCli(["sql", ...argv], { db: stack.handle, env: stack.rawEnv });
const bridged = (...argv: string[]) => runCli(["sql", ...argv], { env: { PATWARDEN_DATA_DIR: dataDir } });
const OWNERS = "select owner, count(*) as grants from grants where active group by owner order by owner";

describe("patwarden sql", () => {
  it("prints a table, with the row count on stderr", async () => {
    const r = await sql(OWNERS);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n").map((l) => l.trim().split(/\s+/));
    expect(lines[0]).toEqual(["owner", "grants"]);
    expect(lines).toContainEqual(["bob", "2"]);
    expect(lines).toContainEqual(["alice", "2"]);
    expect(r.err).toBe("(4 rows)\n");
  });

  it("prints JSON as an array of row objects: numbers, lists, ISO times, repeated names kept apart", async () => {
    const r = await sql("select 1 as n, 2 as n, scopes, authorized_at, null as nothing from credentials where credential_id = 101", "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([{ n: 1, n_2: 2, scopes: ["repo", "admin:org"], authorized_at: "2030-01-01T00:00:00.000Z", nothing: null }]);
  });

  it("prints CSV with a header, lists as JSON", async () => {
    const r = await sql("select credential_id, scopes, expires_at from credentials where credential_id in (101, 103) order by 1", "--format", "csv");
    expect(r.code).toBe(0);
    expect(r.out).toBe('credential_id,scopes,expires_at\n101,"[""repo"",""admin:org""]",\n103,[],\n');
  });

  it("stops at --max-rows and says that more matched", async () => {
    const r = await sql("select g from generate_series(1, 50) g", "--max-rows", "5", "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([1, 2, 3, 4, 5].map((g) => ({ g })));
    expect(r.err).toBe("(stopped at 5 rows; more matched: --max-rows raises the cap, up to 100000)\n");
  });

  it("refuses a write, a second statement and a broken query in one sentence, exit 2, nothing written", async () => {
    const write = await sql("insert into grants (org) values ('x')");
    expect(write).toMatchObject({ code: 2, out: "" });
    expect(write.err).toBe("error: sql: read-only: patwarden sql runs one SELECT (or WITH, VALUES, TABLE, EXPLAIN, SHOW) and cannot run INSERT\n");
    // Past the first keyword, the READ ONLY transaction refuses it and Postgres names the command.
    const fn = await sql("select count(*) from (select setval('public.audit_log_id_seq', 1)) x");
    expect(fn.code).toBe(2);
    expect(fn.err).toBe("error: sql: read-only: patwarden sql cannot run setval()\n");
    const two = await sql("select 1; delete from public.grants");
    expect(two.code).toBe(2);
    expect(two.err).toMatch(/one statement only/);
    const broken = await sql("select * from grant_repos");
    expect(broken.code).toBe(2);
    expect(broken.err).toBe('error: sql: relation "grant_repos" does not exist (at character 15)\n');
    expect(`${write.err}${fn.err}${two.err}${broken.err}`).not.toMatch(/\n\s+at |Failed query/);
    expect(JSON.parse((await sql("select count(*) as n from grants", "--format", "json")).out)).toEqual([{ n: 7 }]);
  });

  it("names bad flags", async () => {
    expect((await sql("select 1", "--max-rows", "0")).err).toBe("error: --max-rows: expected a whole number from 1 to 100000, got 0\n");
    expect((await sql("select 1", "--timeout", "-3")).code).toBe(2);
    expect((await sql()).err).toMatch(/^error: sql: give one statement in quotes/);
    expect((await sql("select 1", "--password-env", "X")).err).toBe("error: --password-env: goes with --create-role\n");
  });

  it("answers the same through a running server's bridge", async () => {
    const direct = await sql(OWNERS, "--format", "json");
    const remote = await bridged(OWNERS, "--format", "json");
    expect(remote.code).toBe(0);
    expect(remote.out).toBe(direct.out);
    const write = await bridged("update grants set risk_score = 0");
    expect(write.code).toBe(2);
    expect(write.err).toMatch(/read-only: .* cannot run UPDATE\n$/);
    const dates = await bridged("select authorized_at from credentials where credential_id = 101", "--format", "json");
    expect(JSON.parse(dates.out)).toEqual([{ authorized_at: "2030-01-01T00:00:00.000Z" }]);
  });
});
