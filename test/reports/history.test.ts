// Reports over time: the second report names exactly the findings that appeared and went away
// (a grant revoked by patwarden, one revoked on GitHub, one that fell idle), lists the period's
// revocations and request decisions once each, and both reports stay stored and listed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit, listAudit } from "../../db/queries/audit.ts";
import { getLatestReport, getReport, listReports } from "../../db/queries/reports.ts";
import { generateReport, readDocument, type ReportDocument } from "../../bot/reports/index.ts";
import { FINDING_CATEGORIES } from "../../bot/reports/document.ts";
import { DEFAULT_POLICY_CONFIG } from "../../bot/policies/config.ts";
import { revokeGrant } from "../../bot/revoke/index.ts";
import { reviewRequests } from "../../bot/review/index.ts";
import { DAY, expectedCategory, startHarness, syncFull, type Harness } from "./harness.ts";

let hs: Harness;
let org: { id: number; login: string };
let first: ReportDocument;
let second: ReportDocument;
let firstId: number;
let secondId: number;
let revokedHere: number;
let revokedElsewhere: number;
let fellIdle: number;
let approvedRequest: number;
let deniedOnGitHub: number;

const key = (f: { category: string; grantId: number }) => `${f.category}:${f.grantId}`;

beforeAll(async () => {
  hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 150, requests: 4 }] } });
  await syncFull(hs, "acme");
  const ref = await hs.orgRef("acme");
  org = { id: ref.id, login: ref.login };
  const r1 = await generateReport({ db: hs.h.db, org, trigger: "test", requestedBy: "auditor", config: DEFAULT_POLICY_CONFIG });
  first = readDocument(r1.report)!;
  firstId = r1.report.id;

  const truth = hs.sim.control.org("acme");
  const flagged = (id: number) => first.findings.filter((f) => f.grantId === id).length;
  const withFindings = truth.grants.filter((g) => flagged(g.id) > 0);
  revokedHere = withFindings[0]!.id;
  revokedElsewhere = withFindings[1]!.id;
  // Used in the last week, expiring later: after the change it is stale and nothing else changes.
  fellIdle = truth.grants.find((g) => g.id !== revokedHere && g.id !== revokedElsewhere && g.token_last_used_at && Date.now() - new Date(g.token_last_used_at).getTime() < 7 * DAY
    && !first.findings.some((f) => f.grantId === g.id && f.category === "stale"))!.id;
  const octokit = hs.app.installationOctokit(ref.installationId);
  const revoked = await revokeGrant({ db: hs.h.db, octokit, orgId: org.id, grantId: revokedHere, reason: "quarterly clean-up", actor: "secops-lead", actorType: "user" });
  expect(revoked.outcome).toBe("revoked");
  hs.sim.control.revokeGrant("acme", revokedElsewhere);
  hs.sim.control.updateGrant("acme", fellIdle, { token_last_used_at: new Date(Date.now() - 200 * DAY).toISOString() });
  approvedRequest = truth.requests[0]!.id;
  const review = await reviewRequests({ db: hs.h.db, octokit, orgId: org.id, requestIds: [approvedRequest], action: "approve", reason: "needed for the release", actor: "acme-owner", actorType: "user", pacingMs: 0 });
  expect(review.results[0]!.outcome).toBe("approved");
  // The entry the personal_access_token_request webhook handler writes for a decision made on GitHub.
  deniedOnGitHub = truth.requests[1]!.id;
  hs.sim.control.denyRequest("acme", deniedOnGitHub);
  await appendAudit({ db: hs.h.db, orgId: org.id, actor: "acme-admin", actorType: "webhook", action: "request.denied", targetType: "pat_request", targetId: deniedOnGitHub, result: "success", details: { tokenName: truth.requests[1]!.token_name } });
  // …and the webhook echo of our own approval, which must not count twice.
  await appendAudit({ db: hs.h.db, orgId: org.id, actor: "acme-owner", actorType: "webhook", action: "request.approved", targetType: "pat_request", targetId: approvedRequest, result: "success" });
  await syncFull(hs, "acme");
  const r2 = await generateReport({ db: hs.h.db, org, trigger: "test", requestedBy: "auditor", config: DEFAULT_POLICY_CONFIG });
  second = readDocument(r2.report)!;
  secondId = r2.report.id;
}, 180_000);
afterAll(() => hs?.close());

describe("the second report", () => {
  it("resolves every finding of the two revoked grants and adds the idle one's stale finding", () => {
    const resolved = second.changes!.resolvedFindings.map(key);
    const expectedResolved = first.findings.filter((f) => f.grantId === revokedHere || f.grantId === revokedElsewhere).map(key);
    expect(resolved).toEqual(expect.arrayContaining(expectedResolved));
    expect(second.changes!.newFindings.map(key)).toContain(`stale:${fellIdle}`);
    expect(second.changes!.previousReportId).toBe(firstId);
    expect(second.period.start).toBe(first.generatedAt);
  });

  it("names exactly the differences the ground truth shows", () => {
    const now = new Date(second.generatedAt);
    const truth = hs.sim.control.org("acme");
    const current = new Set(FINDING_CATEGORIES.flatMap((c) => expectedCategory({ truth, category: c, t: second.thresholds, now }).map((id) => `${c}:${id}`)));
    const before = new Set(first.findings.map(key));
    expect(second.changes!.newFindings.map(key).sort()).toEqual([...current].filter((k) => !before.has(k)).sort());
    expect(second.changes!.resolvedFindings.map(key).sort()).toEqual([...before].filter((k) => !current.has(k)).sort());
  });

  it("lists the period's revocation with who, why and the outcome", () => {
    expect(second.revocations).toEqual([expect.objectContaining({ grantId: revokedHere, by: "secops-lead", reason: "quarterly clean-up", outcome: "revoked" })]);
    expect(second.summary.revocations).toBe(1);
    expect(first.revocations).toEqual([]);
  });

  it("lists each request decision once, ours with its reason and GitHub's by webhook", () => {
    const decisions = second.requestDecisions.map((d) => ({ id: d.requestId, decision: d.decision, by: d.by, via: d.via, reason: d.reason }));
    expect(decisions).toEqual(expect.arrayContaining([
      { id: approvedRequest, decision: "approved", by: "acme-owner", via: "patwarden", reason: "needed for the release" },
      { id: deniedOnGitHub, decision: "denied", by: "acme-admin", via: "github", reason: null },
    ]));
    expect(decisions).toHaveLength(2);
    expect(second.summary.requestDecisions).toEqual({ approved: 1, denied: 1 });
  });

  it("is stored, listed newest first without documents, and audited", async () => {
    const list = await listReports({ db: hs.h.db, orgId: org.id, limit: 10 });
    expect(list.map((r) => r.id)).toEqual([secondId, firstId]);
    expect(list[0]).not.toHaveProperty("document");
    expect((await getLatestReport({ db: hs.h.db, orgId: org.id }))!.id).toBe(secondId);
    expect(readDocument(await getReport({ db: hs.h.db, orgId: org.id, id: firstId }))).toEqual(first);
    expect(await getReport({ db: hs.h.db, orgId: org.id + 1, id: firstId })).toBeNull();
    const audit = await listAudit({ db: hs.h.db, orgId: org.id, filter: { action: "report.generated" } });
    expect(audit.map((a) => Number(a.targetId)).sort()).toEqual([firstId, secondId].sort());
  });
});
