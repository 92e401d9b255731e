// The governance pages' data layer, actions and download route outside Next: who may read policy
// runs and reports, dry-run, reload and generate (read-only teams may; other orgs' owners may not),
// what the actions leave behind, and what the report download answers.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const { jar } = await import("./viewer-fixture.ts");
  return { cookies: async () => ({ get: (name: string) => (name === "pw_session" && jar.cookie ? { name, value: jar.cookie } : undefined) }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import { dryRunPolicyAction, reloadPolicyAction } from "../../app/(dashboard)/orgs/[org]/policies/actions.ts";
import { generateReportAction } from "../../app/(dashboard)/orgs/[org]/reports/actions.ts";
import { GET as downloadReport } from "../../app/(dashboard)/orgs/[org]/reports/[reportId]/[file]/route.ts";
import { getPolicyPage, getPolicyRunDetail } from "../../app/_data/policies.ts";
import { listReportsPage } from "../../app/_data/reports.ts";
import { clearDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import { getViewer } from "../../app/_data/viewer.ts";
import type { OctokitLike, ResponseLike } from "../../bot/github/calls.ts";
import type { DbHandle } from "../../db/client.ts";
import { policyRunItems, policyRuns, policyWarnings, reports } from "../../db/schema.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertGrant, insertOrg } from "./factories.ts";
import { setUpRuntime, signInAs } from "./viewer-fixture.ts";

const now = new Date();
const people = {
  members: { acme: { alice: { role: "admin", state: "active" }, sam: { role: "member", state: "active" } }, globex: { gina: { role: "admin", state: "active" } } },
  teams: { acme: ["sam"] },
} as const;
const INVALID_FILE = "rules:\n  - id: idle\n    type: idle\n    days: 0\n";

/** Answers the policy file read; records every call so a test can show nothing was written. */
function policyOctokit(): OctokitLike & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async request(route: string): Promise<ResponseLike> {
      calls.push(route);
      if (route === "GET /repos/{owner}/{repo}/contents/{path}") {
        return { status: 200, url: route, headers: {}, data: { type: "file", sha: "abc123", encoding: "base64", content: Buffer.from(INVALID_FILE).toString("base64") } };
      }
      throw Object.assign(new Error("unexpected"), { status: 500 });
    },
  };
}

let h: DbHandle;
let runtime: DashboardRuntime;
let octokit: ReturnType<typeof policyOctokit>;
const as = (login: string | null) => signInAs({ runtime, login, now });

beforeAll(async () => {
  h = await createTestDb();
  const acme = await insertOrg({ db: h.db, login: "acme" });
  await insertOrg({ db: h.db, login: "globex" });
  await insertGrant({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "bob", lastUsedDaysAgo: 200 } });
  await insertGrant({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "bob", lastUsedDaysAgo: 2 } });
  octokit = policyOctokit();
  runtime = setUpRuntime({ db: h.db, people, securityTeams: "acme:security:read", octokit });
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});

describe("policies", () => {
  it("a read-only team member may dry-run: the run is recorded with its items, nothing is warned or sent to GitHub", async () => {
    await as("sam");
    const r = await dryRunPolicyAction({ org: "acme" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const runId = Number(r.href.split("/").at(-1));
    expect(r.href).toBe(`/orgs/acme/policies/runs/${runId}`);
    const detail = await getPolicyRunDetail({ viewer: (await getViewer())!, org: "acme", runId });
    expect(detail?.run).toMatchObject({ dryRun: true, actor: "sam", trigger: "dashboard", status: "succeeded" });
    expect(detail?.items.filter((i) => i.rule === "idle-90").map((i) => i.outcome)).toEqual(["matched"]);
    expect(await h.db.select().from(policyWarnings)).toEqual([]);
    expect(octokit.calls).toEqual([]);
  });

  it("signed out, or an owner of another org: refused, and a run of another org is not found", async () => {
    await as(null);
    expect(await dryRunPolicyAction({ org: "acme" })).toMatchObject({ ok: false, message: expect.stringMatching(/signed out/) });
    await as("gina");
    expect(await dryRunPolicyAction({ org: "acme" })).toMatchObject({ ok: false, message: expect.stringMatching(/No org named acme/) });
    const [run] = await h.db.select().from(policyRuns);
    expect(await getPolicyRunDetail({ viewer: (await getViewer())!, org: "globex", runId: run!.id })).toBeNull();
    await expect(getPolicyPage({ viewer: (await getViewer())!, org: "acme" })).rejects.toMatchObject({ kind: "NotFound" });
  });

  it("reload reads the file from GitHub; an invalid one is shown with its line and field and never applies", async () => {
    await as("alice");
    const r = await reloadPolicyAction({ org: "acme" });
    expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/invalid .*1 error/) });
    const page = await getPolicyPage({ viewer: (await getViewer())!, org: "acme" });
    expect(page.policy).toMatchObject({ status: "invalid", sha: "abc123", source: INVALID_FILE });
    expect(page.policy.errors).toEqual([expect.objectContaining({ line: 4, field: "rules[0].days" })]);
    // A run under an invalid file is skipped, and the history says so.
    const dry = await dryRunPolicyAction({ org: "acme" });
    expect(dry).toMatchObject({ ok: true, message: expect.stringMatching(/skipped: policy file invalid/) });
    const after = await getPolicyPage({ viewer: (await getViewer())!, org: "acme" });
    expect(after.runs[0]).toMatchObject({ status: "skipped", counts: { matched: 0 } });
    expect(after.runs[1]!.counts.matched).toBeGreaterThan(0);
    expect((await h.db.select().from(policyRunItems).where(eq(policyRunItems.runId, after.runs[0]!.id))).length).toBe(0);
  });
});

describe("reports", () => {
  let reportId: number;

  it("a read-only team member generates a stored, undelivered report; another org's owner cannot", async () => {
    await as("gina");
    expect(await generateReportAction({ org: "acme" })).toMatchObject({ ok: false });
    await as("sam");
    const r = await generateReportAction({ org: "acme" });
    expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/does not deliver/) });
    const [row] = await h.db.select().from(reports);
    reportId = row!.id;
    expect(row).toMatchObject({ trigger: "dashboard", requestedBy: "sam", delivery: {} });
    const list = await listReportsPage({ viewer: (await getViewer())!, org: "acme" });
    expect(list.reports.map((x) => x.id)).toEqual([reportId]);
  });

  it("downloads check the session and the org, and render the stored report", async () => {
    const get = (org: string, id: string, file: string) => downloadReport(new Request("http://x/"), { params: Promise.resolve({ org, reportId: id, file }) });
    await as(null);
    expect((await get("acme", String(reportId), "report.csv")).status).toBe(401);
    await as("gina");
    expect((await get("acme", String(reportId), "report.csv")).status).toBe(404);
    expect((await get("globex", String(reportId), "report.csv")).status).toBe(404);
    await as("alice");
    expect((await get("acme", String(reportId), "report.exe")).status).toBe(404);
    const csv = await get("acme", String(reportId), "report.csv");
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toMatch(/^category,filter,grant_id/);
    expect(lines.some((l) => l.startsWith("stale,stale-days=90,"))).toBe(true);
    const json = await (await get("acme", String(reportId), "report.json")).json() as { schemaVersion: number; org: { login: string } };
    expect(json).toMatchObject({ schemaVersion: 1, org: { login: "acme" } });
    expect(await (await get("acme", String(reportId), "report.md")).text()).toMatch(/acme/);
  });
});
