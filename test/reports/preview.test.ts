// `patwarden report --preview` (alias --no-store) prints a report and stores nothing; every report
// reads the policy file from GitHub first (a missed push webhook no longer leaves it stale); and
// "changes since the previous report" compare with the previous scheduled report, not an ad-hoc one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { listReports } from "../../db/queries/reports.ts";
import { getEffectivePolicy } from "../../bot/policies/index.ts";
import { runCli } from "../cli/run-cli.ts";
import { testEngine } from "../helpers/engine.ts";
import { putPolicy } from "../policies/harness.ts";
import { simulatorEnv } from "../server/harness.ts";
import { startHarness, syncFull, type Harness } from "./harness.ts";

let hs: Harness;
let org: { id: number; login: string; installationId: number };

beforeAll(async () => {
  // No webhook receiver here: a push to the policy file reaches nobody, as when a delivery is missed.
  hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 40, requests: 2 }] } });
  await syncFull(hs, "acme");
  org = await hs.orgRef("acme");
}, 120_000);
afterAll(() => hs?.close());

const cli = (...argv: string[]) => runCli(["report", "--org", "acme", ...argv], { db: hs.h, env: simulatorEnv(hs.sim) });
const stored = async () => (await listReports({ db: hs.h.db, orgId: org.id, limit: 500 })).length;
const generatedAudits = async () => (await listAudit({ db: hs.h.db, orgId: org.id, filter: { action: "report.generated" } })).length;

describe("report --preview", () => {
  it("prints the report and stores, audits and delivers nothing; --no-store is the same", async () => {
    const [reports, audits] = [await stored(), await generatedAudits()];
    for (const flag of ["--preview", "--no-store"]) {
      const r = await cli(flag, "--format", "json");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).summary.activeGrants).toBeGreaterThan(0);
      expect(r.err).toMatch(/^Preview for acme \(not stored\): /);
    }
    expect([await stored(), await generatedAudits()]).toEqual([reports, audits]);
  });

  it("refuses --preview with --store, --list or --id (exit 2, naming the flag)", async () => {
    expect(await cli("--preview", "--store")).toMatchObject({ code: 2, err: expect.stringContaining("--store") });
    expect(await cli("--no-store", "--list")).toMatchObject({ code: 2, err: expect.stringContaining("--no-store") });
  });
});

describe("the policy file a report uses", () => {
  it("is read from GitHub first, though the push that changed it was never delivered; its sha is named", async () => {
    await putPolicy(hs.sim, "acme", "reports:\n  staleDays: 7\n");
    expect((await getEffectivePolicy({ db: hs.h.db, orgId: org.id })).config.reports.staleDays).not.toBe(7);
    const sha = hs.sim.control.file("acme", ".github", ".github/patwarden.yml")!.sha;
    const r = await cli("--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).thresholds.staleDays).toBe(7);
    expect(r.err).toContain(`Used policy file ${sha.slice(0, 7)}, read from GitHub now.`);
  });
});

describe("changes since the previous report", () => {
  it("compare with the previous scheduled report: ad-hoc runs and previews never become the baseline", async () => {
    const engine = testEngine({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId) });
    const scheduled = await engine.reports.runScheduled({ orgId: org.id, requestedBy: "patwarden[schedule]" });
    expect(scheduled.outcome).toBe("succeeded");
    const [schedId] = (await listReports({ db: hs.h.db, orgId: org.id, limit: 1 })).map((r) => r.id);
    const adHoc = await cli("--format", "json", "--store");
    expect(adHoc.code).toBe(0);
    expect(JSON.parse(adHoc.out).changes.previousReportId).toBe(schedId);
    const preview = await cli("--preview", "--format", "json");
    expect(JSON.parse(preview.out).changes.previousReportId).toBe(schedId);
    await engine.reports.runScheduled({ orgId: org.id, requestedBy: "patwarden[schedule]" });
    const [next] = await listReports({ db: hs.h.db, orgId: org.id, limit: 1 });
    expect([next!.trigger, next!.previousReportId]).toEqual(["schedule", schedId]);
  });
});
