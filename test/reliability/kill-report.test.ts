// Reports are all-or-nothing: SIGKILL of a real `patwarden report` at several moments (under
// PGlite the process holds the database directory, which is reopened after each kill) never leaves
// a stored report without its audit entry or with a partial document, nor a partial --out file; a
// rerun stores a complete one. Deterministically: storage failing on the audit write stores no report.
// Checked to fail without the protection: without the transaction around insertReport and
// appendAudit in bot/reports/index.ts the audit-failure test finds an unaudited report stored.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import { generateReport } from "../../bot/reports/index.ts";
import { startSimulator, type Simulator } from "../../simulator/index.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import { runCli } from "../cli/run-cli.ts";
import { startHarness } from "../sync/harness.ts";
import { createWorkspace, type Workspace } from "./process.ts";

const rows = async <T>(db: Db, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

/** Every stored report is complete and audited once; returns how many there are. */
async function expectReportsWhole(db: Db, orgId: number): Promise<number> {
  const reports = await rows<{ id: string; summary: Record<string, unknown>; document: { schemaVersion?: number; findings?: unknown } }>(db,
    sql`select id, summary, document from reports where org_id = ${orgId}`);
  const audited = await rows<{ target_id: string; n: number }>(db,
    sql`select target_id, count(*)::int as n from audit_log where org_id = ${orgId} and action = 'report.generated' group by target_id`);
  expect(audited.map((a) => [String(a.target_id), a.n]).sort()).toEqual(reports.map((r) => [String(r.id), 1]).sort());
  for (const r of reports) {
    expect(r.document.schemaVersion).toEqual(expect.any(Number));
    expect(r.document.findings).toBeDefined();
    expect(Object.keys(r.summary).length).toBeGreaterThan(0);
  }
  return reports.length;
}

describe("a report process killed", () => {
  let sim: Simulator;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ orgs: [{ login: "acme", grants: 500, requests: 5 }] });
    ws = await createWorkspace({ sim, prefix: "killreport" });
    if (ws.env.DATABASE_URL) expect((await runCli(["migrate"], { env: ws.env })).code).toBe(0);
    const first = await runCli(["sync", "--org", "acme"], { env: ws.env });
    expect(first.code, first.err).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
    await sim?.close();
  });

  it("leaves no half-stored report, and a rerun stores a whole one", async () => {
    const out = path.join(ws.dataDir, "report.json");
    const check = async () => {
      const h = await ws.open();
      try {
        const org = await findOrgByLogin({ db: h.db, login: "acme" });
        return await expectReportsWhole(h.db, org!.id);
      } finally {
        await h.close();
      }
    };
    // Kill points are fractions of a measured run, not fixed delays: a fixed delay lands after the
    // process already finished on a fast machine (and so kills nothing) or before it started on a slow one.
    const started = Date.now();
    const probe = ws.launch(["report", "--org", "acme", "--no-deliver", "--format", "json", "--out", out]);
    expect(await probe.exited, probe.output()).toBe(0);
    const runMs = Date.now() - started;
    await check();
    let killedMidway = 0;
    for (const delayMs of [0.35, 0.6, 0.8, 0.95].map((f) => Math.round(runMs * f))) {
      rmSync(out, { force: true });
      const run = ws.launch(["report", "--org", "acme", "--no-deliver", "--format", "json", "--out", out]);
      await new Promise((r) => setTimeout(r, delayMs));
      if (run.child.exitCode === null) {
        run.child.kill("SIGKILL");
        killedMidway++;
      }
      await run.exited;
      await check();
      if (existsSync(out)) expect(() => JSON.parse(readFileSync(out, "utf8"))).not.toThrow();
    }
    expect(killedMidway).toBeGreaterThan(0);
    const before = await check();
    rmSync(out, { force: true });
    const rerun = ws.launch(["report", "--org", "acme", "--no-deliver", "--format", "json", "--out", out]);
    expect(await rerun.exited, rerun.output()).toBe(0);
    expect(await check()).toBe(before + 1);
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ schemaVersion: expect.any(Number) });
  }, 150_000);
});

it("stores no report when its audit entry cannot be written", async () => {
  const hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 30, requests: 2 }] } });
  try {
    const org = await hs.orgRef("acme");
    const synced = await syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });
    expect(synced.status, synced.error).toBe("succeeded");
    await hs.h.db.execute(sql`create or replace function pw_fail_audit() returns trigger language plpgsql as $$
      begin raise exception 'injected: audit storage failed'; end $$`);
    await hs.h.db.execute(sql`create trigger pw_fail_audit before insert on audit_log for each row
      when (new.action = 'report.generated') execute function pw_fail_audit()`);
    const attempt = generateReport({ db: hs.h.db, org, trigger: "test", requestedBy: "reliability", deliver: false });
    await expect(attempt).rejects.toThrow();
    expect(await expectReportsWhole(hs.h.db, org.id)).toBe(0);
    await hs.h.db.execute(sql`drop trigger pw_fail_audit on audit_log`);
    await generateReport({ db: hs.h.db, org, trigger: "test", requestedBy: "reliability", deliver: false });
    expect(await expectReportsWhole(hs.h.db, org.id)).toBe(1);
  } finally {
    await hs.close();
  }
}, 120_000);
