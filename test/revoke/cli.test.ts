// `patwarden revoke` and `patwarden review`: run inside the server (as a forwarded command does),
// through real forwarding with the confirmation asked in the caller's process, and bad input.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { listGrants } from "../../db/queries/grants.ts";
import { revocationJobs } from "../../db/schema.ts";
import { createEngine } from "../../bot/engine.ts";
import { gitHubAppFromEnv } from "../../bot/github/client.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { newServerToken, writeServerState } from "../../bot/server/state-file.ts";
import { runCli } from "../cli/run-cli.ts";
import { startStack, type Stack } from "../server/harness.ts";

let stack: Stack;
let bridge: RunningServer;
let dataDir: string;
let orgId: number;
const token = newServerToken();

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 300, requests: 6, subsetShare: 0.2 }] });
  orgId = (await stack.org("acme")).id;
  bridge = await startServer({
    env: stack.env, log: createLogger({ level: "silent" }), port: 0,
    internalEngine: { token, engine: createEngine({ db: stack.handle, github: gitHubAppFromEnv(stack.env) }) },
  });
  dataDir = mkdtempSync(path.join(tmpdir(), "pw-revoke-"));
  writeServerState({ file: path.join(dataDir, "server.json"), state: { pid: process.pid, port: bridge.port, token } });
});
afterAll(async () => {
  await bridge?.close();
  await stack?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** As the server runs a forwarded command: its database, nobody at a terminal. */
const inServer = (argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv });
/** As a person runs it while the embedded server holds the database. */
const forwarded = (argv: string[], ask: ((q: string) => Promise<string>) | null) => runCli(argv, { env: { PATWARDEN_DATA_DIR: dataDir }, ask });
const jobCount = async () => (await stack.handle.db.select({ n: count() }).from(revocationJobs))[0]!.n;
const simIds = () => new Set(stack.sim.control.org("acme").grants.map((g) => g.id));
const mutatingCalls = () => stack.sim.control.requestLog().filter((e) => e.method === "POST" && e.path.startsWith("/orgs/acme/personal-access-tokens"));

describe("patwarden revoke", () => {
  it("--dry-run prints the preview and changes nothing", async () => {
    stack.sim.control.clearRequestLog();
    const r = await inServer(["revoke", "--org", "acme", "--stale-days", "90", "--dry-run", "--format", "json"]);
    expect(r.code).toBe(0);
    const preview = JSON.parse(r.out) as { count: number; batches: number; owners: unknown[]; sample: unknown[] };
    expect(preview.count).toBeGreaterThan(0);
    expect(preview.batches).toBe(Math.ceil(preview.count / 100));
    expect(await jobCount()).toBe(0);
    expect(mutatingCalls()).toEqual([]);
  });

  it("--dry-run takes every filter `patwarden grants` takes, and selects what grants lists", async () => {
    const filters = ["--lifetime-over", "60", "--risk-min", "10", "--permission-any", "contents:write", "--permission-any", "administration:read"];
    const r = await inServer(["revoke", "--org", "acme", ...filters, "--dry-run", "--format", "json"]);
    expect(r.code, r.err).toBe(0);
    const preview = JSON.parse(r.out) as { count: number };
    const listed = await inServer(["grants", "--org", "acme", ...filters, "--format", "json"]);
    expect(listed.code, listed.err).toBe(0);
    expect(preview.count).toBe((JSON.parse(listed.out) as unknown[]).length);
    expect(preview.count).toBeGreaterThan(0);
    expect(await jobCount()).toBe(0);
  });

  it("without --yes and nobody to ask, prints the preview and refuses with exit 2", async () => {
    const before = simIds();
    const r = await inServer(["revoke", "--org", "acme", "--stale-days", "90", "--reason", "stale"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Would revoke \d+ active grants of acme/);
    expect(r.err).toMatch(/re-run with --yes/);
    expect(simIds()).toEqual(before);
    expect(await jobCount()).toBe(0);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ["ids that are not numbers", ["--ids", "1,x", "--reason", "r", "--yes"], /^error: --ids: expected grant ids .*"x"/],
    ["ids with filters", ["--ids", "1", "--owner", "a", "--reason", "r", "--yes"], /^error: --ids: cannot be combined with filters \(--owner\)/],
    ["no selection", ["--reason", "r", "--yes"], /^error: --ids: give --ids, or filters/],
    ["a missing reason", ["--stale-days", "90", "--yes"], /^error: --reason: is required/],
    ["an over-long reason", ["--stale-days", "90", "--yes", "--reason", "x".repeat(1025)], /^error: --reason: is 1025 characters long; at most 1024/],
    ["an unknown grant id", ["--ids", "7", "--reason", "r", "--yes"], /^error: --ids: 7 is not a grant of acme/],
    ["a bad filter", ["--stale-days", "soon", "--reason", "r", "--yes"], /^error: --stale-days: must be a positive whole number/],
    ["too many grants", ["--state", "active", "--max", "5", "--reason", "r", "--yes"], /^error: --ids\/filters: selects \d+ grants; at most 5/],
    ["a sort flag", ["--stale-days", "9", "--sort", "owner", "--reason", "r", "--yes"], /^error: --sort: unknown flag/],
  ];
  for (const [name, args, message] of bad) {
    it(`exit 2 for ${name}, nothing written`, async () => {
      const r = await inServer(["revoke", "--org", "acme", ...args]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
      expect(await jobCount()).toBe(0);
    });
  }

  it("revokes exactly the stale grants in ⌈N/100⌉ calls with an audit entry each (--yes)", async () => {
    const stale = (await listGrants({ db: stack.handle.db, orgId, filter: { staleDays: 90 }, sort: "id", direction: "asc", perPage: 1000 })).rows.map((g) => g.id);
    const before = simIds();
    stack.sim.control.clearRequestLog();
    const r = await inServer(["revoke", "--org", "acme", "--stale-days", "90", "--reason", "unused for 90 days", "--yes", "--format", "json"]);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as { job: { id: number; status: string; revoked: number }; grants: { id: number; outcome: string }[] };
    expect(out.job).toMatchObject({ status: "succeeded", revoked: stale.length });
    expect(out.grants.map((g) => g.id)).toEqual(stale);
    const after = simIds();
    expect([...before].filter((id) => !after.has(id)).sort()).toEqual([...stale].sort());
    expect(mutatingCalls()).toHaveLength(Math.ceil(stale.length / 100));
    const audit = (await listAudit({ db: stack.handle.db, orgId, filter: { action: "grant.revoke", limit: 1000 } })).filter((e) => (e.details as { jobId: number }).jobId === out.job.id);
    expect(audit).toHaveLength(stale.length);
    expect(audit[0]).toMatchObject({ actorType: "cli", reason: "unused for 90 days", result: "success" });
    expect(r.err).toMatch(/revocation job \d+ succeeded.*: \d+ revoked, 0 already gone, 0 failed/);

    const again = await inServer(["revoke", "--org", "acme", "--job", String(out.job.id)]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("revoked");
  });

  it("forwarded: the caller previews, asks for the org name, and the server revokes", async () => {
    const ids = (await listGrants({ db: stack.handle.db, orgId, filter: {}, sort: "id", direction: "asc", perPage: 3 })).rows.map((g) => g.id);
    const questions: string[] = [];
    const wrong = await forwarded(["revoke", "--org", "acme", "--ids", ids.join(","), "--reason", "leaked"], async (q) => (questions.push(q), "acme-typo"));
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/Would revoke 3 active grants of acme/);
    expect(wrong.err).toMatch(/did not match; nothing was revoked/);
    for (const id of ids) expect(simIds().has(id)).toBe(true);

    const nobody = await forwarded(["revoke", "--org", "acme", "--ids", ids.join(","), "--reason", "leaked"], null);
    expect(nobody.code).toBe(2);
    for (const id of ids) expect(simIds().has(id)).toBe(true);

    const right = await forwarded(["revoke", "--org", "acme", "--ids", ids.join(","), "--reason", "leaked"], async (q) => (questions.push(q), "ACME"));
    expect(right.code, right.err).toBe(0);
    expect(questions).toEqual(["Type the organization name (acme) to revoke 3 grants: ", "Type the organization name (acme) to revoke 3 grants: "]);
    for (const id of ids) expect(simIds().has(id)).toBe(false);
    expect(right.out).toMatch(/revoked/);
  });

  it("forwarded: bad input is reported as by a direct run", async () => {
    const r = await forwarded(["revoke", "--org", "acme", "--stale-days", "90"], async () => "acme");
    expect(r.code).toBe(2);
    expect(r.err).toBe("error: --reason: is required: say why, in 1 to 1024 characters\n");
  });
});

describe("patwarden review", () => {
  const pending = () => stack.sim.control.org("acme").requests.map((r) => r.id);

  it("approves requests and prints each outcome with the new grant", async () => {
    const ids = pending().slice(0, 2);
    const r = await inServer(["review", "--org", "acme", "--ids", ids.join(","), "--approve", "--reason", "ok", "--format", "json"]);
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as { id: number; outcome: string; grant_id: number | null }[];
    expect(rows.map((x) => [x.id, x.outcome])).toEqual(ids.map((id) => [id, "approved"]));
    for (const x of rows) expect(x.grant_id).toEqual(expect.any(Number));
  });

  const bad: Array<[string, (id: number) => string[], RegExp]> = [
    ["both --approve and --deny", (id) => ["--ids", String(id), "--approve", "--deny", "--reason", "r"], /^error: --approve: give exactly one of --approve or --deny/],
    ["a reason over 1024 characters", (id) => ["--ids", String(id), "--deny", "--reason", "é".repeat(1025)], /^error: --reason: is 1025 characters long; at most 1024 are allowed/],
    ["no reason", (id) => ["--ids", String(id), "--deny"], /^error: --reason: is required/],
    ["no ids", () => ["--deny", "--reason", "r"], /^error: --ids: is required/],
  ];
  for (const [name, args, message] of bad) {
    it(`exit 2 for ${name}, nothing reviewed`, async () => {
      const before = pending();
      const r = await inServer(["review", "--org", "acme", ...args(before[0]!)]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(pending()).toEqual(before);
    });
  }

  it("exit 2 for a request that is not pending, naming it", async () => {
    const r = await inServer(["review", "--org", "acme", "--ids", "999", "--deny", "--reason", "r"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --ids: 999 is not a request of this org/);
  });
});
