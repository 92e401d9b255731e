// `patwarden grants --after/--before CURSOR`: one page by keyset; json rows carry their cursor, the
// table prints the next page's command; walking by --after gives every grant once, in order; a bad
// cursor or a cursor with --page exits 2 naming the flag.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listGrants } from "../../db/queries/grants.ts";
import { runCli } from "../cli/run-cli.ts";
import { startStack, type Stack } from "../server/harness.ts";

let stack: Stack;
let orgId: number;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 45 }] });
  orgId = (await stack.org("acme")).id;
});
afterAll(() => stack?.close());

const cli = (...argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv });

describe("patwarden grants --after", () => {
  it("walks every grant once, in order, by the json rows' cursors", async () => {
    const { rows } = await listGrants({ db: stack.handle.db, orgId, filter: {}, sort: "last-used", direction: "asc", perPage: 500 });
    const seen: number[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const r = await cli("grants", "--org", "acme", "--sort", "last-used", "--direction", "asc", "--per-page", "10", "--format", "json", ...(after ? ["--after", after] : []));
      expect(r.code, r.err).toBe(0);
      const page = JSON.parse(r.out) as { id: number; cursor: string }[];
      seen.push(...page.map((g) => g.id));
      if (page.length < 10) break;
      after = page[page.length - 1]!.cursor;
    }
    expect(seen).toEqual(rows.map((g) => g.id));
    // The whole list (no paging flags) stays a plain array of every grant, without cursors.
    const all = JSON.parse((await cli("grants", "--org", "acme", "--sort", "last-used", "--direction", "asc", "--format", "json")).out) as Record<string, unknown>[];
    expect(all.map((g) => g.id)).toEqual(rows.map((g) => g.id));
    expect(all[0]).not.toHaveProperty("cursor");
  });

  it("prints the next page's flag in table mode, and --before goes back", async () => {
    const first = await cli("grants", "--org", "acme", "--sort", "name", "--per-page", "5");
    expect(first.code).toBe(0);
    const next = /next page: the same command with --after ([A-Za-z0-9_-]+)/.exec(first.err);
    expect(next, first.err).not.toBeNull();
    const second = JSON.parse((await cli("grants", "--org", "acme", "--sort", "name", "--per-page", "5", "--after", next![1]!, "--format", "json")).out) as { id: number; cursor: string }[];
    const byPage = JSON.parse((await cli("grants", "--org", "acme", "--sort", "name", "--per-page", "5", "--page", "2", "--format", "json")).out) as { id: number }[];
    expect(second.map((g) => g.id)).toEqual(byPage.map((g) => g.id));
    const back = JSON.parse((await cli("grants", "--org", "acme", "--sort", "name", "--per-page", "5", "--before", second[0]!.cursor, "--format", "json")).out) as { id: number }[];
    const page1 = JSON.parse((await cli("grants", "--org", "acme", "--sort", "name", "--per-page", "5", "--format", "json")).out) as { id: number }[];
    expect(back.map((g) => g.id)).toEqual(page1.map((g) => g.id));
  });

  it("exits 2 for a bad cursor, another sort's cursor, or a cursor with --page", async () => {
    const bad = await cli("grants", "--org", "acme", "--after", "not-a-cursor");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: --after: not a grants cursor/m);
    const page = JSON.parse((await cli("grants", "--org", "acme", "--sort", "risk", "--per-page", "3", "--format", "json")).out) as { cursor: string }[];
    const other = await cli("grants", "--org", "acme", "--sort", "owner", "--after", page[2]!.cursor);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/--after: this cursor continues the list sorted by risk desc, not owner asc/);
    const both = await cli("grants", "--org", "acme", "--sort", "risk", "--page", "2", "--after", page[2]!.cursor);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--page: give --page or --after, not both/);
  });
});
