// SIGKILL during a bulk revocation (moved here from test/revoke/server-restart.test.ts, which it
// replaces): revoking the stale grants of a 700-grant org, the process running the revocation is
// killed mid-way and a server is started again. Embedded mode: the revocation runs inside
// `patwarden start` (the CLI forwards to it) and that server is killed. With DATABASE_URL: the CLI
// runs it and is killed; then a server is started. The restarted server's worker finishes the job:
// exactly the selection is revoked (nothing outside it), one audit entry per revoked grant, and no
// grant is sent twice — the simulator runs with bulkRevokeUnknown "reject", so a bulk call that
// repeated an already-revoked id would be refused (422): every bulk POST is accepted and there are
// exactly ⌈N/100⌉ of them, so each pat_id was in exactly one accepted call.
// Checked to fail without the protection: skipping the look-up before each batch in
// bot/revoke/run-job.ts (`findStillListed`) makes the resumed job resend the batch that landed just
// before the kill; the simulator refuses it (422) and the "no refused bulk call" assertion fails (run).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb, type DbHandle } from "../../db/client.ts";
import { listAudit } from "../../db/queries/audit.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import { getRevocationJob, listRevocationItems } from "../../bot/revoke/index.ts";
import { startSimulator, type Simulator } from "../../simulator/index.ts";
import { runCli } from "../cli/run-cli.ts";
import { simulatorEnv } from "../server/harness.ts";

const BIN = path.resolve("bin/patwarden.js");
const postgres = process.env.DATABASE_URL;
let sim: Simulator;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let dbName: string | undefined;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  sim = await startSimulator({ orgs: [{ login: "acme", grants: 700, requests: 3, subsetShare: 0 }] });
  dataDir = mkdtempSync(path.join(tmpdir(), "pw-restart-"));
  env = { ...simulatorEnv(sim), PATWARDEN_DATA_DIR: dataDir, LOG_LEVEL: "warn", PATH: process.env.PATH };
  if (postgres) {
    dbName = `pw_restart_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: postgres });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(postgres);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
    expect((await runCli(["migrate"], { env })).code).toBe(0);
  }
}, 180_000);
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await sim?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (dbName) {
    const admin = new pg.Client({ connectionString: postgres });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
});

function launch(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => void (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => void (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => (children.delete(child), resolve(code))));
  return { child, output: () => output, exited };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000, context = () => ""): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${context()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startServer() {
  const server = launch(["start", "--port", "0", "--no-dashboard", "--no-schedule"]);
  await until("the server", () => server.output().includes("patwarden listening on") || server.child.exitCode !== null, 120_000);
  if (server.child.exitCode !== null) throw new Error(`server exited: ${server.output()}`);
  return server;
}

const accepted = () => sim.control.requestLog().filter((e) => e.method === "POST" && e.path === "/orgs/acme/personal-access-tokens" && e.status === 202);
const simIds = () => new Set(sim.control.org("acme").grants.map((g) => g.id));

it("finishes a revocation after the process running it is killed, with no grant revoked twice", async () => {
  expect((await runCli(["sync", "--org", "acme"], { env })).code).toBe(0);
  const listed = await runCli(["grants", "--org", "acme", "--stale-days", "30", "--format", "json"], { env });
  const stale = (JSON.parse(listed.out) as { id: number }[]).map((g) => g.id);
  expect(stale.length).toBeGreaterThan(200);
  const before = simIds();
  sim.control.setBehaviour({ bulkRevokeUnknown: "reject" });
  sim.control.clearRequestLog();

  const server = postgres ? undefined : await startServer();
  const revoke = launch(["revoke", "--org", "acme", "--stale-days", "30", "--reason", "unused for 30 days", "--yes"]);
  await until("two accepted bulk calls", () => accepted().length >= 2 || revoke.child.exitCode !== null);
  expect(revoke.child.exitCode, `revoke ended early: ${revoke.output()}`).toBeNull();
  (server ?? revoke).child.kill("SIGKILL");
  await (server ?? revoke).exited;
  await revoke.exited;
  expect(accepted().length).toBeLessThan(Math.ceil(stale.length / 100)); // killed mid-way

  const restarted = await startServer();
  try {
    await until("every stale grant revoked", () => stale.every((id) => !simIds().has(id)), 60_000, () => `; server: ${restarted.output()}`);
  } finally {
    // No sleep for the last outcome's transaction: a server stopped by SIGTERM lets its worker
    // settle the batch in flight, and a job with nothing left to send ends succeeded (run-job.ts).
    restarted.child.kill("SIGTERM");
    expect(await restarted.exited, `restarted server: ${restarted.output()}`).toBe(0);
  }

  const after = simIds();
  expect([...before].filter((id) => !after.has(id)).sort()).toEqual([...stale].sort());
  expect(accepted()).toHaveLength(Math.ceil(stale.length / 100));
  const bulkCalls = sim.control.requestLog().filter((e) => e.method === "POST" && e.path === "/orgs/acme/personal-access-tokens");
  expect(bulkCalls.filter((e) => e.status !== 202)).toEqual([]);

  const handle: DbHandle = await openDb(postgres ? { databaseUrl: env.DATABASE_URL } : { pgliteDir: path.join(dataDir, "pglite") });
  try {
    const org = await findOrgByLogin({ db: handle.db, login: "acme" });
    const job = await getRevocationJob({ db: handle.db, jobId: 1 });
    expect(job).toMatchObject({ status: "succeeded", total: stale.length, counts: { failed: 0, pending: 0, inFlight: 0 } });
    expect(job.counts.revoked + job.counts.alreadyGone).toBe(stale.length);
    const items = await listRevocationItems({ db: handle.db, jobId: 1, limit: 5000 });
    expect(items.map((i) => i.grantId)).toEqual([...stale].sort((a, b) => a - b));
    const audit = (await listAudit({ db: handle.db, orgId: org!.id, filter: { action: "grant.revoke", limit: 1000 } }));
    expect(audit.map((e) => Number(e.targetId)).sort((a, b) => a - b)).toEqual([...stale].sort((a, b) => a - b));
  } finally {
    await handle.close();
  }
  expect(existsSync(path.join(dataDir, "server.json")), `restarted server: ${restarted.output()}`).toBe(false);
}, 300_000);
