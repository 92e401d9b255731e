// Database failures are said in words, never as the failed statement's SQL and parameters (data):
// the translation every edge uses, the server's log lines, and a sync step failing on PGlite.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { safeErrorMessage, translateDatabaseError, withoutQueryText } from "../../model/database-errors.ts";
import { DatabaseUnavailable } from "../../model/errors.ts";
import { createLogger } from "../../bot/server/log.ts";
import { fromWireError, toWireError } from "../../bot/engine-wire.ts";

const SECRET = "owner-login-7f3a";
/** The shape drizzle throws: its message is the SQL and the parameters, the driver's error is the cause. */
const queryError = (cause: unknown) =>
  Object.assign(new Error(`Failed query: select * from grants where owner_login = $1\nparams: ${SECRET}`), { query: "select …", params: [SECRET], cause });
const refused = Object.assign(new Error("connect ECONNREFUSED 10.1.2.3:5432"), { code: "ECONNREFUSED", address: "10.1.2.3", port: 5432 });

describe("translateDatabaseError", () => {
  it("an unreachable server: where and why, as DatabaseUnavailable", () => {
    const e = translateDatabaseError(queryError(refused));
    expect(e).toBeInstanceOf(DatabaseUnavailable);
    expect((e as DatabaseUnavailable).reason).toBe("unreachable");
    expect((e as Error).message).toBe("database unreachable at 10.1.2.3:5432 (connection refused); check that it runs and that DATABASE_URL points at it");
  });

  it("every address of a host name refused (AggregateError) reads the same", () => {
    const e = translateDatabaseError(queryError(new AggregateError([refused, { ...refused, address: "::1" }], "")));
    expect((e as Error).message).toContain("database unreachable at 10.1.2.3:5432 (connection refused)");
  });

  it("a terminated backend is a lost connection", () => {
    const e = translateDatabaseError(queryError(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })));
    expect(e).toMatchObject({ kind: "DatabaseUnavailable", reason: "lost", detail: "terminating connection due to administrator command" });
  });

  it("any other failed statement: the driver's reason, not the SQL or its parameters", () => {
    const msg = safeErrorMessage(queryError(Object.assign(new Error('relation "nope" does not exist'), { code: "42P01" })));
    expect(msg).toBe('database query failed: relation "nope" does not exist (SQLSTATE 42P01)');
  });

  it("errors that are not the database's pass through unchanged (a refused GitHub call is not the database)", () => {
    const github = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" });
    expect(translateDatabaseError(github)).toBe(github);
  });

  it("query text already inside a string is cut out, to the end of the parameters' line", () => {
    expect(withoutQueryText(`sync failed: ${queryError(null).message} (retrying)\nnext line`)).toBe("sync failed: database query failed (statement withheld)\nnext line");
  });
});

describe("the server's log", () => {
  it("never carries a failed statement's parameters, however the error is logged", async () => {
    let text = "";
    const log = createLogger({ destination: new Writable({ write(c, _e, cb) { text += String(c); cb(); } }) });
    const e = queryError(refused);
    log.error({ err: e }, "webhook handler failed");
    log.error(e);
    log.warn({ err: e.message, job: { lastError: e.message } }, "revocation job stopped");
    log.info(`retrying after ${e.message}`);
    await new Promise((r) => setImmediate(r));
    const lines = text.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("Failed query");
    expect(JSON.parse(lines[0]!).err).toMatchObject({ type: "DatabaseUnavailable", message: expect.stringContaining("database unreachable at 10.1.2.3:5432") });
    expect(JSON.parse(lines[1]!).msg).toContain("database unreachable at 10.1.2.3:5432");
  });
});

it("over the embedded-mode bridge a failed statement crosses as DatabaseUnavailable, without its SQL", () => {
  const wire = toWireError(queryError(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })));
  expect(JSON.stringify(wire)).not.toContain(SECRET);
  const back = fromWireError(wire);
  expect(back).toBeInstanceOf(DatabaseUnavailable);
  expect(back).toMatchObject({ reason: "lost", message: "connection to the database was lost (terminating connection due to administrator command)" });
});
