// What `patwarden sql` accepts before anything reaches the database: one statement that reads;
// semicolons and keywords inside strings, quoted names and comments do not count.
import { describe, expect, it } from "vitest";
import { checkStatement } from "../../bot/sql/statement.ts";
import { InvalidInput } from "../../model/errors.ts";

const refusal = (text: string) => {
  try {
    checkStatement(text);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    expect((e as InvalidInput).field).toBe("sql");
    return (e as Error).message;
  }
  throw new Error(`accepted: ${text}`);
};

describe("checkStatement", () => {
  it("accepts reads; SELECT, WITH, VALUES and TABLE go through a cursor, EXPLAIN and SHOW do not", () => {
    expect(checkStatement("select 1")).toEqual({ text: "select 1", cursor: true });
    expect(checkStatement("  WITH x AS (select 1) select * from x")).toMatchObject({ cursor: true });
    expect(checkStatement("(select 1) union (select 2)")).toMatchObject({ cursor: true });
    expect(checkStatement("values (1), (2)")).toMatchObject({ cursor: true });
    expect(checkStatement("table grants")).toMatchObject({ cursor: true });
    expect(checkStatement("explain select 1")).toEqual({ text: "explain select 1", cursor: false });
    expect(checkStatement("show search_path")).toMatchObject({ cursor: false });
  });

  it("drops trailing semicolons, blanks and comments", () => {
    expect(checkStatement("select 1;").text).toBe("select 1");
    // A statement may end in a string or a quoted name.
    expect(checkStatement("select * from audit where target_id = '15';").text).toBe("select * from audit where target_id = '15'");
    expect(checkStatement('select 1 as "n;" -- x').text).toBe('select 1 as "n;"');
    expect(checkStatement("select 1 ;; \n -- done\n").text).toBe("select 1");
    expect(checkStatement("-- the count\nselect count(*) from grants /* all */;").text).toBe("-- the count\nselect count(*) from grants");
  });

  it("refuses a second statement, but not a semicolon inside a string, a quoted name, a dollar quote or a comment", () => {
    expect(refusal("select 1; select 2")).toBe("sql: one statement only: run each statement with its own `patwarden sql`");
    expect(refusal("select 1; drop table grants;")).toMatch(/one statement only/);
    expect(checkStatement("select ';' as a, \"x;y\" from t -- ; here\n").cursor).toBe(true);
    expect(checkStatement("select $$a;b$$, $tag$ ; $tag$").cursor).toBe(true);
    expect(checkStatement("select 'it''s; fine', E'a\\';b'").cursor).toBe(true);
    expect(checkStatement("select 1 /* a; /* nested; */ still; */ + 1").text).toBe("select 1 /* a; /* nested; */ still; */ + 1");
  });

  it("refuses writes and everything else by its first keyword, in one sentence", () => {
    expect(refusal("insert into grants values (1)")).toBe("sql: read-only: patwarden sql runs one SELECT (or WITH, VALUES, TABLE, EXPLAIN, SHOW) and cannot run INSERT");
    expect(refusal("/* sneaky */ DELETE from grants")).toMatch(/cannot run DELETE$/);
    expect(refusal("update grants set risk_score = 0")).toMatch(/cannot run UPDATE$/);
    expect(refusal("create table x (a int)")).toMatch(/cannot run CREATE$/);
    expect(refusal("set search_path = public")).toMatch(/cannot run SET$/);
    expect(refusal("begin")).toMatch(/cannot run BEGIN$/);
  });

  it("refuses an empty statement", () => {
    expect(refusal("  ")).toMatch(/^sql: is empty/);
    expect(refusal(" ; -- nothing")).toMatch(/^sql: is empty/);
  });
});
