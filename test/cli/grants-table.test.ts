// `patwarden grants` and `requests` as a person reads them: 470 grants fit a 120-column terminal,
// one line each; --wide shows every column; counts read "1 grant", "2 grants".
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../server/harness.ts";
import { runCli } from "./run-cli.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 470, requests: 5 }] });
}, 120_000);
afterAll(() => stack?.close());

const cli = (argv: string[], columns?: number) => runCli(argv, { db: stack.handle, env: stack.rawEnv, columns });
const lines = (text: string) => text.replace(/\n$/, "").split("\n");
const GRANT_COLUMNS = ["ID", "Token ID", "Owner", "Token", "Risk", "Repos", "Permissions", "Last used", "Expires", "Granted", "Risk reasons"];

describe("patwarden grants, table", () => {
  it("prints 470 grants in 120 columns: a header line, then one line per grant, no rules", async () => {
    const r = await cli(["grants", "--org", "acme"]);
    expect(r.code).toBe(0);
    const out = lines(r.out);
    expect(out).toHaveLength(470 + 1);
    expect(Math.max(...out.map((l) => [...l].length))).toBeLessThanOrEqual(120);
    expect(out.filter((l) => /^[\s─┼│├┤+|=-]*$/.test(l))).toEqual([]);
    expect(r.err).toContain("470 of 470 matching grants in acme\n");
  });

  it("fits a narrower terminal and says what it left out", async () => {
    const r = await cli(["grants", "--org", "acme"], 90);
    expect(Math.max(...lines(r.out).map((l) => [...l].length))).toBeLessThanOrEqual(90);
    expect(r.err).toMatch(/^\(cut to fit 90 columns; left out: Granted; --wide shows everything\)$/m);
  });

  it("--wide shows every column, and each grant's whole permission list", async () => {
    const r = await cli(["grants", "--org", "acme", "--wide"]);
    expect(r.code).toBe(0);
    const out = lines(r.out);
    expect(out).toHaveLength(471);
    expect(out[0]!.trim().split(/\s{2,}/)).toEqual(GRANT_COLUMNS);
    const csv = parse((await cli(["grants", "--org", "acme", "--format", "csv"])).out, { columns: true }) as Array<{ id: string; permissions: string }>;
    const first = csv[0]!;
    const row = out.find((l) => l.trimStart().startsWith(`${first.id} `))!;
    const labels = first.permissions.split(" ");
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(row).toContain(label);
    expect(r.out).not.toContain("…");
  });

  it("counts in the singular for one grant", async () => {
    const one = await cli(["grants", "--org", "acme", "--per-page", "1"]);
    expect(one.err).toContain("1 of 470 matching grants in acme");
    const json = JSON.parse((await cli(["grants", "--org", "acme", "--format", "json"])).out) as Array<{ owner: string }>;
    const counts = new Map<string, number>();
    for (const g of json) counts.set(g.owner, (counts.get(g.owner) ?? 0) + 1);
    const loner = [...counts].find(([, n]) => n === 1)?.[0];
    expect(loner).toBeDefined();
    const r = await cli(["grants", "--org", "acme", "--owner", loner!]);
    expect(r.err).toContain("1 of 1 matching grant in acme\n");
  });
});

describe("patwarden requests, table", () => {
  it("fits 120 columns, and --wide shows every column", async () => {
    const r = await cli(["requests", "--org", "acme"]);
    expect(r.code).toBe(0);
    expect(lines(r.out)).toHaveLength(5 + 1);
    expect(Math.max(...lines(r.out).map((l) => [...l].length))).toBeLessThanOrEqual(120);
    expect(r.err).toContain("5 pending requests in acme\n");
    const wide = await cli(["requests", "--org", "acme", "--wide"]);
    expect(lines(wide.out)[0]!.trim().split(/\s{2,}/)).toEqual(expect.arrayContaining(["ID", "Owner", "Token", "Status", "Repos", "Permissions", "Requested", "Reason"]));
  });
});
