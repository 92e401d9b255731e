// `--org all` on the list commands, against two synced simulator orgs: one list (json: one array)
// that is each org's own list in turn, every row with its org; filters apply in every org; paging
// flags and report generation stay per org (exit 2, naming the flag).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../server/harness.ts";
import { runCli } from "./run-cli.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "globex", grants: 7, requests: 2 }, { login: "acme", grants: 12, requests: 3 }] });
});
afterAll(() => stack?.close());

const cli = (...argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv });
type Row = Record<string, unknown> & { id: number };
const json = async (...argv: string[]) => {
  const r = await cli(...argv, "--format", "json");
  expect([r.code, r.err]).toEqual([0, ""]);
  return JSON.parse(r.out) as Row[];
};
/** Each org's own list, in login order, each row with `org` first: what --org all must print. */
const perOrg = async (...argv: string[]) => [
  ...(await json(...argv, "--org", "acme")).map((row) => ({ org: "acme", ...row })),
  ...(await json(...argv, "--org", "globex")).map((row) => ({ org: "globex", ...row })),
];

describe("grants --org all", () => {
  it("prints both orgs' grants as one json array, each row with its org first", async () => {
    const all = await json("grants", "--org", "all");
    expect(all.length).toBe(19);
    expect(all.filter((g) => g.org === "acme").length).toBe(12);
    expect(all.filter((g) => g.org === "globex").length).toBe(7);
    expect(all.every((g) => Object.keys(g)[0] === "org")).toBe(true);
    expect(all).toEqual(await perOrg("grants"));
  });

  it("applies filters and sort in every org", async () => {
    const filter = ["grants", "--selection", "subset", "--sort", "risk"];
    const all = await json(...filter, "--org", "all");
    expect(all).toEqual(await perOrg(...filter));
    expect(all.every((g) => g.repository_selection === "subset")).toBe(true);
    expect(new Set(all.map((g) => g.org))).toEqual(new Set(["acme", "globex"]));
  });

  it("a repository named in one org only: that org's grants, the other matching none; unknown everywhere is exit 2", async () => {
    const acme = stack.sim.control.org("acme");
    const globex = stack.sim.control.org("globex");
    const globexNames = new Set([...globex.grants, ...globex.requests].flatMap((t) => t.repositories.map((r) => r.name.toLowerCase())));
    const name = acme.grants.flatMap((g) => g.repositories.map((r) => r.name)).find((n) => !globexNames.has(n.toLowerCase()))!;
    const all = await cli("grants", "--org", "all", "--repository", name, "--format", "json");
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.out) as Row[];
    const acmeOnly = JSON.parse((await cli("grants", "--repository", name, "--org", "acme", "--format", "json")).out) as Row[];
    expect(rows).toEqual(acmeOnly.map((g) => ({ org: "acme", ...g })));
    expect(all.err).toContain("note: Grants with \"All repositories\" reach every repository");
    expect(rows.length).toBeGreaterThan(0);
    const nowhere = await cli("grants", "--org", "all", "--repository", "no-such-repository-anywhere");
    expect([nowhere.code, nowhere.err.startsWith('error: --repository: no grant or request of this org lists a repository "no-such-repository-anywhere"')]).toEqual([2, true]);
  });

  it("has an org column in csv and table, and names the orgs it counted", async () => {
    const csv = await cli("grants", "--org", "all", "--format", "csv");
    const lines = csv.out.trim().split("\n");
    expect(lines[0]!.startsWith("org,id,token_id,")).toBe(true);
    expect(lines.length).toBe(20);
    expect(lines.filter((l) => l.startsWith("globex,")).length).toBe(7);
    const table = await cli("grants", "--org", "ALL");
    expect(table.code).toBe(0);
    expect(table.out.split("\n")[0]).toMatch(/^Org\s+ID\s+Owner/);
    expect(table.err).toContain("19 of 19 matching grants in 2 orgs (acme, globex)\n");
    // One org keeps its shape: no org field or column.
    const one = await json("grants", "--org", "acme");
    expect(one.some((g) => "org" in g)).toBe(false);
  });

  it("refuses paging flags with all (exit 2, naming the flag)", async () => {
    for (const flag of [["--per-page", "5"], ["--page", "2"], ["--after", "abc"]]) {
      const r = await cli("grants", "--org", "all", ...flag);
      expect([r.code, r.out]).toEqual([2, ""]);
      expect(r.err).toContain(`error: ${flag[0]}: pages belong to one org's list`);
    }
  });
});

describe("requests and report --list with --org all", () => {
  it("lists both orgs' pending requests and any status, as each org's list in turn", async () => {
    const pending = await json("requests", "--org", "all");
    expect(pending.length).toBe(5);
    expect(pending).toEqual(await perOrg("requests"));
    expect(await json("requests", "--status", "all", "--org", "all")).toEqual(await perOrg("requests", "--status", "all"));
    const table = await cli("requests", "--org", "all");
    expect(table.err).toContain("5 pending requests in 2 orgs (acme, globex)\n");
    const limited = await cli("requests", "--org", "all", "--limit", "2");
    expect([limited.code, limited.err]).toEqual([2, "error: --limit: pages belong to one org's list; with --org all every row of every org is listed (drop the flag, or give one --org)\n"]);
  });

  it("lists stored reports of every org with --list; generating one stays per org", async () => {
    const made = await cli("report", "--org", "globex", "--no-deliver", "--format", "json");
    expect(made.code).toBe(0);
    const list = await json("report", "--list", "--org", "all");
    expect(list.map((r) => r.org)).toEqual(["globex"]);
    const refused = await cli("report", "--org", "all");
    expect([refused.code, refused.err]).toEqual([2, "error: --org: all works with --list only; a report is generated for one org (--org LOGIN)\n"]);
  });
});
