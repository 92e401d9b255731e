// Delivery against the simulator's issues and contents endpoints: the issue is created once, then
// updated (never duplicated) with a comment on the changes; the file is committed with exactly the
// rendered report, and replaced with the existing blob's sha; a delivery GitHub refuses leaves the
// report stored with the failure recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../db/queries/audit.ts";
import { getReport } from "../../db/queries/reports.ts";
import { createGitHubApp } from "../../bot/github/client.ts";
import { policyConfigSchema } from "../../bot/policies/config.ts";
import { generateReport, readDocument, renderReport } from "../../bot/reports/index.ts";
import { deliverReport, ISSUE_BODY_LIMIT, issueTitle, truncateIssueBody, type DeliveryRecord } from "../../bot/reports/deliver-report.ts";
import { quietLog } from "../sync/harness.ts";
import { startHarness, syncFull, type Harness } from "./harness.ts";

let hs: Harness;
let org: { id: number; login: string; installationId: number };
const config = policyConfigSchema.parse({
  reports: { issue: { repository: "compliance" }, file: { repository: "compliance", path: "reports/{date}-acme.{format}", format: "md" } },
});

beforeAll(async () => {
  hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 60, requests: 3 }] } });
  await syncFull(hs, "acme");
  org = await hs.orgRef("acme");
}, 120_000);
afterAll(() => hs?.close());

const octokit = () => hs.app.installationOctokit(org.installationId);
const generate = (now: Date) => generateReport({ db: hs.h.db, octokit: octokit(), org, now, trigger: "test", requestedBy: "auditor", config });

describe("report delivery", () => {
  let first: Awaited<ReturnType<typeof generate>>;
  const day = new Date();

  it("first report: creates the issue and commits the file, and records both", async () => {
    first = await generate(day);
    const d = first.delivery!;
    expect(d.errors).toBeUndefined();
    const issues = hs.sim.control.issues("acme", "compliance");
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ number: d.issue!.number, title: issueTitle("acme"), body: renderReport(readDocument(first.report)!, "md"), html_url: d.issue!.url });
    expect(d.issue!.created).toBe(true);
    const path = `reports/${day.toISOString().slice(0, 10)}-acme.md`;
    const file = hs.sim.control.file("acme", "compliance", path)!;
    expect(file.text).toBe(renderReport(readDocument(first.report)!, "md"));
    expect(d.file).toMatchObject({ repository: "compliance", path, commitSha: file.history[0]!.sha, contentSha: file.sha });
    expect((await getReport({ db: hs.h.db, orgId: org.id, id: first.report.id }))!.delivery).toEqual(d);
  });

  it("second report: updates the same issue with a comment on the changes, and replaces the file passing its sha", async () => {
    hs.sim.control.revokeGrant("acme", readDocument(first.report)!.findings[0]!.grantId);
    await syncFull(hs, "acme");
    const second = await generate(new Date(day.getTime() + 60_000));
    const d = second.delivery!;
    expect(d.errors).toBeUndefined();
    const issues = hs.sim.control.issues("acme", "compliance");
    expect(issues).toHaveLength(1);
    expect(d.issue).toMatchObject({ number: first.delivery!.issue!.number, created: false });
    const doc = readDocument(second.report)!;
    expect(issues[0]!.body).toBe(renderReport(doc, "md"));
    expect(issues[0]!.comments_list).toHaveLength(1);
    expect(issues[0]!.comments_list[0]!.body).toContain(`Since report ${first.report.id}: ${doc.changes!.newFindings.length} new findings`);
    expect(doc.changes!.resolvedFindings.length).toBeGreaterThan(0);
    const file = hs.sim.control.file("acme", "compliance", d.file!.path)!;
    // The simulator refuses (422) a PUT over an existing file without its sha, as GitHub does.
    expect(file.history).toHaveLength(2);
    expect(file.text).toBe(renderReport(doc, "md"));
    expect(d.file!.commitSha).toBe(file.history[0]!.sha);
  });

  it("with no stored record of the issue (a crash before the delivery was saved), finds the App's issue by title instead of opening another", async () => {
    const doc = readDocument(first.report)!;
    const d = await deliverReport({ octokit: octokit(), org, config: policyConfigSchema.parse({ reports: { issue: { repository: "compliance" } } }), doc, previousIssue: null });
    expect(d.errors).toBeUndefined();
    expect(d.issue).toMatchObject({ number: first.delivery!.issue!.number, created: false });
    expect(hs.sim.control.issues("acme", "compliance")).toHaveLength(1);
  });

  it("without issues permission: the report is stored, the file still committed, the issue failure recorded and audited", async () => {
    const perms = { ...hs.sim.control.org("acme").installation.permissions };
    delete perms.issues;
    hs.sim.control.setInstallationPermissions("acme", perms);
    // A fresh client: installation tokens carry the permissions they were issued with.
    const app = createGitHubApp({ appId: hs.sim.app.id, privateKey: hs.sim.app.privateKey, baseUrl: hs.sim.apiUrl, log: quietLog, retries: 0, requestTimeoutMs: 5_000 });
    const third = await generateReport({ db: hs.h.db, octokit: app.installationOctokit(org.installationId), org, now: new Date(day.getTime() + 120_000), trigger: "test", requestedBy: "auditor", config });
    const d: DeliveryRecord = third.delivery!;
    expect(d.issue).toBeUndefined();
    expect(d.errors).toHaveLength(1);
    expect(d.errors![0]).toMatch(/^issue in compliance: .*(Resource not accessible|403|issues)/);
    expect(d.file).toBeDefined();
    const stored = await getReport({ db: hs.h.db, orgId: org.id, id: third.report.id });
    expect(readDocument(stored)).toEqual(readDocument(third.report));
    expect(stored!.delivery).toEqual(d);
    const audit = await listAudit({ db: hs.h.db, orgId: org.id, filter: { action: "report.delivery" } });
    expect(audit.map((a) => [Number(a.targetId), a.result])).toEqual([[third.report.id, "failure"]]);
    expect(hs.sim.control.issues("acme", "compliance")).toHaveLength(1);
  });

  it("an issue body over GitHub's limit is cut at a line with a note saying where the whole report is", () => {
    const long = Array.from({ length: 5000 }, (_, i) => `| row ${i} | ${"x".repeat(20)} |`).join("\n");
    const body = truncateIssueBody(long);
    expect(long.length).toBeGreaterThan(ISSUE_BODY_LIMIT);
    expect(body.length).toBeLessThanOrEqual(ISSUE_BODY_LIMIT);
    expect(body).toMatch(/\*\*Truncated\*\*.*patwarden report --org/);
    expect(long.startsWith(body.split("\n\n---\n")[0]!)).toBe(true);
    expect(truncateIssueBody("short")).toBe("short");
  });
});
