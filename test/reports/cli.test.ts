// `patwarden report`: generate (stdout or --out), re-render a stored report by id, list, bad input;
// run inside the server as a forwarded command does, and through real forwarding with --out
// written in the caller's process.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getReport, listReports } from "../../db/queries/reports.ts";
import { createEngine } from "../../bot/engine.ts";
import { gitHubAppFromEnv } from "../../bot/github/client.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { newServerToken, writeServerState } from "../../bot/server/state-file.ts";
import { runCli } from "../cli/run-cli.ts";
import { startStack, type Stack } from "../server/harness.ts";
import { parseCsv } from "./parse-csv.ts";
import { ajv, validateReport } from "./schema.ts";

let stack: Stack;
let bridge: RunningServer;
let dataDir: string;
let orgId: number;
const token = newServerToken();

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 120, requests: 3 }] });
  orgId = (await stack.org("acme")).id;
  bridge = await startServer({
    env: stack.env, log: createLogger({ level: "silent" }), port: 0,
    internalEngine: { token, engine: createEngine({ db: stack.handle, github: gitHubAppFromEnv(stack.env) }) },
  });
  dataDir = mkdtempSync(path.join(tmpdir(), "pw-report-"));
  writeServerState({ file: path.join(dataDir, "server.json"), state: { pid: process.pid, port: bridge.port, token } });
}, 120_000);
afterAll(async () => {
  await bridge?.close();
  await stack?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const inServer = (...argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv });
const forwarded = (...argv: string[]) => runCli(argv, { env: { PATWARDEN_DATA_DIR: dataDir }, ask: null });

describe("patwarden report", () => {
  it("generates and prints a JSON report that validates, stores it, and says so on stderr", async () => {
    const r = await inServer("report", "--org", "acme", "--format", "json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(validateReport(doc), ajv.errorsText(validateReport.errors)).toBe(true);
    const [latest] = await listReports({ db: stack.handle.db, orgId, limit: 1 });
    expect(r.err).toContain(`Report ${latest!.id} for acme:`);
    expect(doc.generatedAt).toBe(latest!.generatedAt.toISOString());
  });

  it("--id re-renders a stored report as CSV (one row per finding); --list lists them", async () => {
    const [latest] = await listReports({ db: stack.handle.db, orgId, limit: 1 });
    const json = JSON.parse((await inServer("report", "--org", "acme", "--id", String(latest!.id), "--format", "json")).out);
    const csv = await inServer("report", "--org", "acme", "--id", String(latest!.id), "--format", "csv");
    expect(csv.code).toBe(0);
    expect(parseCsv(csv.out).map((row) => Number(row.grant_id))).toEqual(json.findings.map((f: { grantId: number }) => f.grantId));
    const list = await inServer("report", "--org", "acme", "--list", "--format", "json");
    expect(list.code).toBe(0);
    expect((JSON.parse(list.out) as { id: number }[]).map((x) => x.id)).toContain(latest!.id);
  });

  it("forwarded: --out writes the Markdown in the caller's process; the second report diffs against the first", async () => {
    const file = path.join(dataDir, "report.md");
    const before = (await listReports({ db: stack.handle.db, orgId, limit: 10 })).length;
    const r = await forwarded("report", "--org", "acme", "--out", file);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    const md = readFileSync(file, "utf8");
    expect(md).toMatch(/^# patwarden compliance report: acme/);
    expect(md).toContain("Compared with report");
    expect((await listReports({ db: stack.handle.db, orgId, limit: 10 })).length).toBe(before + 1);
  });

  it.each([
    [["report"], "error: --org: is required"],
    [["report", "--org", "acme", "--format", "xml"], "error: --format: expected one of csv, json, md"],
    [["report", "--org", "acme", "--id", "x"], "error: --id: expected a report id"],
    [["report", "--org", "acme", "--id", "999999"], "error: --id: no report 999999 for acme"],
    [["report", "--org", "acme", "--list", "--id", "1"], "error: --list: cannot be combined with --id"],
    [["report", "--org", "nope"], "error: --org: unknown org"],
  ])("%j exits 2 naming the flag", async (argv, message) => {
    const r = await inServer(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it("a failed delivery exits 1 and says why, with the report stored; --no-deliver does not try", async () => {
    // In GitHub, not only stored: a report reads the policy file from GitHub first.
    await stack.sim.control.putFile("acme", ".github", ".github/patwarden.yml", "reports:\n  issue:\n    repository: compliance\n");
    const perms = { ...stack.sim.control.org("acme").installation.permissions };
    delete perms.issues;
    stack.sim.control.setInstallationPermissions("acme", perms);
    const r = await inServer("report", "--org", "acme", "--format", "json");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error: delivery failed: issue in compliance: /);
    const stored = await getReport({ db: stack.handle.db, orgId, id: JSON.parse(r.out) && (await listReports({ db: stack.handle.db, orgId, limit: 1 }))[0]!.id });
    expect((stored!.delivery as { errors?: string[] }).errors).toHaveLength(1);
    expect(JSON.parse(r.out).generatedAt).toBe(stored!.generatedAt.toISOString());
    const skipped = await inServer("report", "--org", "acme", "--no-deliver", "--format", "json");
    expect(skipped.code).toBe(0);
    expect(stack.sim.control.issues("acme", "compliance")).toEqual([]);
  });
});
