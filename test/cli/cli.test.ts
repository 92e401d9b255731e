// The CLI in-process against a synced database: output formats, flag errors, sync exit codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listGrants } from "../../db/queries/grants.ts";
import { parseGrantQuery } from "../../model/grant-filter.ts";
import { COMMANDS } from "../../bot/cli/commands.ts";
import { startStack, type Stack } from "../server/harness.ts";
import { runCli } from "./run-cli.ts";

let stack: Stack;
let orgId: number;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 80, requests: 3 }, { login: "globex", grants: 10 }] });
  orgId = (await stack.org("acme")).id;
});
afterAll(() => stack?.close());

const cli = (...argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv });
const expectedIds = async (input: Record<string, string>) => {
  const q = parseGrantQuery({ input });
  const { rows } = await listGrants({ db: stack.handle.db, orgId, filter: q.filter, sort: q.sort, direction: q.direction, perPage: 500 });
  return rows.map((r) => r.id);
};

describe("patwarden grants", () => {
  it("prints every matching grant as JSON", async () => {
    const r = await cli("grants", "--org", "acme", "--stale-days", "90", "--format", "json");
    expect(r.code).toBe(0);
    const grants = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(grants.map((g) => g.id)).toEqual(await expectedIds({ "stale-days": "90" }));
    expect(grants.length).toBeGreaterThan(0);
    expect(Object.keys(grants[0]!)).toEqual(expect.arrayContaining([
      "id", "token_id", "name", "owner", "permissions", "repository_selection", "repository_count",
      "access_granted_at", "token_last_used_at", "token_expires_at",
    ]));
    const truth = new Map(stack.sim.control.org("acme").grants.map((g) => [g.id, g]));
    for (const g of grants) {
      const t = truth.get(g.id as number)!;
      expect(g.token_id).toBe(t.token_id);
      expect(g.owner).toBe(t.owner.login);
      expect(g.repository_count).toBe(t.repository_selection === "subset" ? t.repositories.length : t.repository_selection === "none" ? 0 : null);
    }
  });

  it("prints CSV with a header row, org matched case-insensitively, several filters", async () => {
    const r = await cli("grants", "--org", "ACME", "--permission", "contents:write", "--selection", "subset,all", "--format", "csv");
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toBe("id,token_id,owner,name,repository_selection,repository_count,permissions,access_granted_at,token_last_used_at,token_expires_at,token_expired,owner_is_member,risk_score,risk_reasons");
    const ids = lines.slice(1).map((l) => Number(l.split(",")[0]));
    expect(ids).toEqual(await expectedIds({ permission: "contents:write", selection: "subset,all" }));
    expect(lines.slice(1).every((l) => /,(true|false),(true|false|),\d{1,3},[a-z_0-9: ]*$/.test(l))).toBe(true);
  });

  it("prints a table with the count on stderr", async () => {
    const r = await cli("grants", "--org", "acme", "--never-used");
    const n = (await expectedIds({ "never-used": "true" })).length;
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ID.*Owner.*Token.*Repos.*Permissions.*Last used.*Expires.*Granted/);
    expect(r.out.match(/never/g)!.length).toBeGreaterThanOrEqual(n);
    expect(r.err).toMatch(new RegExp(`(^|\n)${n} of ${n} matching grants in acme\n$`));
  });

  it("prints one page when --page or --per-page is given", async () => {
    const r = await cli("grants", "--org", "acme", "--sort", "owner", "--per-page", "10", "--page", "2", "--format", "json");
    const all = await expectedIds({ sort: "owner" });
    expect((JSON.parse(r.out) as { id: number }[]).map((g) => g.id)).toEqual(all.slice(10, 20));
  });
});

describe("patwarden requests", () => {
  it("lists the pending requests with their repositories", async () => {
    const r = await cli("requests", "--org", "acme", "--format", "json");
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as { id: number; status: string; repositories: string[] }[];
    const truth = stack.sim.control.org("acme").requests;
    expect(got.map((x) => x.id).sort()).toEqual(truth.map((x) => x.id).sort());
    for (const req of got) {
      const t = truth.find((x) => x.id === req.id)!;
      expect(req.status).toBe("pending");
      expect(req.repositories.sort()).toEqual(t.repositories.map((x) => x.full_name).sort());
    }
  });
});

describe("flag errors exit 2 with a message naming the flag, never a stack trace", () => {
  it.each([
    [["grants", "--org", "acme", "--stale-days", "abc"], 'error: --stale-days: must be a positive whole number of days, got "abc"\n'],
    [["grants", "--org", "acme", "--colour", "red"], "error: --colour: unknown flag; allowed: --org, --format, --owner"],
    [["grants", "--org", "acme", "--format", "xml"], 'error: --format: expected one of table, json, csv, got "xml"\n'],
    [["grants", "--org", "acme", "--permission", "contnets:write"], 'error: --permission: unknown permission "contnets"; did you mean contents?'],
    [["grants", "--org", "acme", "--last-used-before", "soon"], 'error: --last-used-before: expected an ISO date'],
    [["grants", "--stale-days", "9"], "error: --org: is required"],
    [["grants", "--org"], "error: --org: needs a value\n"],
    [["grants", "--org", "nope"], 'error: --org: unknown org "nope"; known orgs: acme, globex\n'],
    [["grants", "--org", "acme", "extra"], "error: extra: unexpected argument"],
    [["requests", "--org", "acme", "--status", "maybe"], 'error: --status: expected one of pending, approved, denied, cancelled, gone, all, got "maybe"\n'],
    [["sync", "--full", "--incremental"], "error: --full: cannot be combined with --incremental"],
    [["sync", "--full=yes"], "error: --full: takes no value\n"],
    // Every command of the table, in its order (a new command joins the list by itself).
    [["frobnicate"], `error: unknown command "frobnicate"; commands: ${COMMANDS.map((c) => c.name).join(", ")}\n`],
  ])("%j", async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(message)).toBe(true);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe("");
  });

  it("checks simulate's flags before starting anything", async () => {
    const r = await runCli(["simulate", "--org", "acme:lots"], { env: {} });
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: --org: expected LOGIN:GRANTS such as acme:2000, got "acme:lots"\n');
  });

  it("names the missing App variable when sync has no credentials", async () => {
    const r = await runCli(["sync"], { db: stack.handle, env: { ...stack.rawEnv, APP_ID: undefined } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: APP_ID: is not set/);
  });
});

describe("help", () => {
  it.each(COMMANDS.map((c) => c.name))("%s --help", async (name) => {
    const r = await cli(name, "--help");
    expect(r.code).toBe(0);
    expect(r.out.startsWith(`Usage: patwarden ${name}`)).toBe(true);
  });

  it("lists every command", async () => {
    const r = await cli("--help");
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.out).toContain(`  ${c.name}`);
  });
});

describe("patwarden sync", () => {
  it("syncs every org, prints a summary per org and exits 0", async () => {
    const r = await cli("sync");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/acme: full sync succeeded in [\d.]+ s — \d+ API calls, \d+ rate-limit points; grants seen 80, added 0, updated \d+, removed 0/);
    expect(r.out).toMatch(/globex: full sync succeeded/);
  });

  it("prints JSON summaries with --format json", async () => {
    const r = await cli("sync", "--org", "globex", "--incremental", "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([expect.objectContaining({ org: "globex", kind: "incremental", status: "succeeded", error: null })]);
  });

  it("exits 1 with the reason when the sync fails (rate limit exhausted until far in the future)", async () => {
    const { installationId } = stack.sim.control.org("acme");
    stack.sim.control.setRateLimit(installationId, { remaining: 0, resetAt: new Date(Date.now() + 3_600_000).toISOString() });
    try {
      const r = await cli("sync", "--org", "acme");
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/acme: full sync FAILED/);
      expect(r.err).toMatch(/^error: sync failed for acme \(.*rate limit/i);
    } finally {
      stack.sim.control.setRateLimit(installationId, { remaining: 5000 });
    }
  });
});

describe("other commands", () => {
  it("migrate is idempotent", async () => {
    const r = await cli("migrate");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Database is up to date/);
  });

  it("refuses start inside a running server", async () => {
    const r = await cli("start");
    expect(r.code).toBe(2);
  });
});
