// `patwarden requests --limit N --after CURSOR`: the pending queue a page at a time by keyset cursor
// (each json row carries its cursor, a table's last line names the next page's flag); a bad cursor exits 2.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../server/harness.ts";
import { runCli } from "./run-cli.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 5, requests: 7 }] });
});
afterAll(() => stack?.close());

const cli = (...argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv });

describe("patwarden requests by cursor", () => {
  it("walks the pending queue by --after, each request once, in the order of the whole list", async () => {
    const whole = JSON.parse((await cli("requests", "--org", "acme", "--format", "json")).out) as { id: number }[];
    expect(whole.length).toBe(7);
    const walked: number[] = [];
    let after: string[] = [];
    for (;;) {
      const r = await cli("requests", "--org", "acme", "--limit", "3", ...after, "--format", "json");
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.out) as { id: number; cursor: string }[];
      walked.push(...rows.map((x) => x.id));
      if (rows.length < 3) break;
      after = ["--after", rows[rows.length - 1]!.cursor];
    }
    expect(walked).toEqual(whole.map((x) => x.id));

    const table = await cli("requests", "--org", "acme", "--limit", "3");
    expect(table.err).toMatch(/next page: the same command with --after [A-Za-z0-9_-]+\n$/);
    expect(table.err).toContain("3 pending requests in acme on this page; more follow\n");
    // A page that ends at the last request names no next page (it would be empty).
    const exact = await cli("requests", "--org", "acme", "--limit", "7");
    expect(exact.err).toContain("7 pending requests in acme\n");
    expect(exact.err).not.toContain("next page");
  });

  it("refuses a bad cursor or limit, naming the flag", async () => {
    const bad = await cli("requests", "--org", "acme", "--after", "nope!");
    expect([bad.code, bad.err.startsWith("error: --after: not a requests cursor")]).toEqual([2, true]);
    const limit = await cli("requests", "--org", "acme", "--limit", "0");
    expect([limit.code, limit.err.startsWith("error: --limit:")]).toEqual([2, true]);
  });
});
