// The compliance report's SSO credential section, against the simulator's credential
// authorizations stored as the inventory: each category holds exactly the credentials its
// definition names (computed here from GitHub's own fields), removals done by patwarden are
// listed and the next report's diff resolves their findings, the three formats carry it, and an
// org without SAML SSO says "not available" instead of zero findings.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentials } from "../../db/schema.ts";
import { DEFAULT_POLICY_CONFIG } from "../../bot/policies/config.ts";
import { generateReport } from "../../bot/reports/index.ts";
import { buildReport } from "../../bot/reports/build-report.ts";
import { renderReport } from "../../bot/reports/render.ts";
import type { CredentialFindingCategory, ReportDocument } from "../../bot/reports/document.ts";
import { createCredentialRemovalJob, runRevocationJob } from "../../bot/revoke/index.ts";
import { startRevokeHarness, type OrgInfo, type RevokeHarness } from "../revoke/harness.ts";
import { seedCredentials, type SimAuthorization } from "../revoke/credential-seed.ts";
import { parseCsv } from "./parse-csv.ts";
import { ajv, validateReport } from "./schema.ts";

const DAY = 86_400_000;
let hs: RevokeHarness;
let org: OrgInfo;
let seeded: SimAuthorization[];
let now: Date;
let leaver: string;

const BROAD = ["admin:enterprise", "admin:org", "admin:org_hook", "delete_repo", "site_admin"];

/** The category's credential ids, from GitHub's fields (the simulator's answer), independently of the report's code. */
function expected(category: CredentialFindingCategory): number[] {
  const out = seeded.filter((c) => {
    const accessed = c.credential_accessed_at ? Date.parse(c.credential_accessed_at) : null;
    switch (category) {
      case "idle": return accessed !== null && accessed < now.getTime() - 90 * DAY;
      case "never_accessed": return accessed === null;
      case "no_expiry": return c.credential_type !== "SSH key" && !c.authorized_credential_expires_at;
      // None of the default broad scopes is included by another scope, so holding one is listing it.
      case "broad_scopes": return (c.scopes ?? []).some((s) => BROAD.includes(s));
      case "owner_left": return c.login === leaver;
    }
  });
  return out.map((c) => c.credential_id).sort((a, b) => a - b);
}
const idsOf = (doc: ReportDocument, category: CredentialFindingCategory) =>
  doc.credentials!.findings.filter((f) => f.category === category).map((f) => f.credentialId);

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "repco", grants: 10, sso: true, credentials: 80 }, { login: "plain", grants: 5 }] });
  await hs.sync("repco");
  await hs.sync("plain");
  org = await hs.org("repco");
  seeded = await seedCredentials(hs, "repco");
  leaver = seeded[0]!.login;
  // Membership as the member sweep would store it, fixed here: everyone is a member but one leaver.
  await hs.h.db.update(credentials).set({ ownerIsMember: true }).where(eq(credentials.orgId, org.id));
  await hs.h.db.update(credentials).set({ ownerIsMember: false }).where(eq(credentials.login, leaver));
  now = new Date(hs.sim.control.clock().now);
}, 180_000);
afterAll(() => hs?.close());

describe("credential findings in the compliance report", () => {
  it("each category holds exactly its credentials; the JSON validates against the published schema", async () => {
    const doc = await buildReport({ db: hs.h.db, org, now, config: DEFAULT_POLICY_CONFIG, previous: null });
    const s = doc.credentials!;
    expect(s).toMatchObject({ source: "available", available: true, activeCredentials: seeded.length, thresholds: { idleDays: 90, broadScopes: BROAD } });
    for (const category of ["idle", "never_accessed", "no_expiry", "broad_scopes", "owner_left"] as const) {
      expect(idsOf(doc, category), category).toEqual(expected(category));
      expect(s.counts![category]).toBe(expected(category).length);
    }
    expect(expected("owner_left").length).toBeGreaterThan(0);
    const json = JSON.parse(renderReport(doc, "json"));
    expect(validateReport(json), ajv.errorsText(validateReport.errors)).toBe(true);
  });

  it("CSV has a row per credential finding after the grant rows; Markdown a section with counts and tables", async () => {
    const doc = await buildReport({ db: hs.h.db, org, now, config: DEFAULT_POLICY_CONFIG, previous: null });
    const rows = parseCsv(renderReport(doc, "csv"));
    expect(rows.filter((r) => r.subject === "grant")).toHaveLength(doc.findings.length);
    const credRows = rows.filter((r) => r.subject === "credential");
    expect(credRows).toHaveLength(doc.credentials!.findings.length);
    const f = doc.credentials!.findings[0]!;
    expect(credRows[0]).toMatchObject({
      category: `credential_${f.category}`, credential_id: String(f.credentialId), owner: f.login, credential_type: f.credentialType,
      credential_label: f.label, scopes: f.scopes.join(" "), grant_id: "", granted_at: f.authorizedAt,
    });
    const md = renderReport(doc, "md");
    expect(md).toContain("## SSO credential authorizations");
    expect(md).toContain(`| Active credential authorizations | ${seeded.length} |`);
    expect(md).toContain(`| Idle | ${expected("idle").length} |`);
    expect(md).toContain(`### Credentials: Owner left the org (${expected("owner_left").length})`);
  });

  it("removals done by patwarden are listed, and the next report resolves their findings", async () => {
    const first = await generateReport({ db: hs.h.db, org, trigger: "test", requestedBy: "auditor", config: DEFAULT_POLICY_CONFIG, now, deliver: false });
    const gone = seeded.filter((c) => c.login === leaver).map((c) => c.credential_id);
    const job = await createCredentialRemovalJob({ db: hs.h.db, orgId: org.id, target: { ids: gone }, reason: "left", actor: "secops", actorType: "cli", confirmation: "repco" });
    const done = await runRevocationJob({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), jobId: job.id, pacingMs: 0 });
    expect(done.status).toBe("succeeded");
    const second = await generateReport({ db: hs.h.db, org, trigger: "test", requestedBy: "auditor", config: DEFAULT_POLICY_CONFIG, now: new Date(Date.now() + 60_000), deliver: false });
    const doc = second.report.document as unknown as ReportDocument;
    expect(doc.credentials!.removals.map((r) => r.credentialId).sort((a, b) => a - b)).toEqual([...gone].sort((a, b) => a - b));
    expect(doc.credentials!.counts!.owner_left).toBe(0);
    const resolved = doc.changes!.credentials!.resolvedFindings;
    expect(resolved.filter((k) => k.category === "owner_left").map((k) => k.credentialId).sort((a, b) => a - b)).toEqual([...gone].sort((a, b) => a - b));
    expect(new Set(resolved.map((k) => k.credentialId))).toEqual(new Set(gone));
    expect(doc.changes!.credentials!.newFindings).toEqual([]);
    expect(first.report.id).toBeLessThan(second.report.id);
    expect(renderReport(doc, "md")).toContain(`### Credential removals (${gone.length})`);
  });

  it("an org without SAML SSO says not available, with no counts (not zeros)", async () => {
    const plain = await hs.org("plain");
    const doc = await buildReport({ db: hs.h.db, org: plain, now, config: DEFAULT_POLICY_CONFIG, previous: null });
    expect(doc.credentials).toMatchObject({ available: false, activeCredentials: null, counts: null, findings: [], credentialsWithFindings: null });
    expect(doc.credentials!.source).not.toBe("available");
    const md = renderReport(doc, "md");
    expect(md).toMatch(/Not available: SSO credential authorizations: .*\(this is not a count of zero\)/);
    expect(md).not.toContain("| Idle |");
    expect(validateReport(JSON.parse(renderReport(doc, "json"))), ajv.errorsText(validateReport.errors)).toBe(true);
  });
});
