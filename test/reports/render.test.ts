// Rendering a report: CSV has one row per finding (parsed back, not string-matched), the JSON is
// the document and validates against docs/report.schema.json, Markdown cuts long lists with a
// count and escapes what would break its tables.
import { parseCsv } from "./parse-csv.ts";
import { ajv, validateReport } from "./schema.ts";
import { describe, expect, it } from "vitest";
import { renderReport, reportFileName } from "../../bot/reports/render.ts";
import { MARKDOWN_LIST_LIMIT } from "../../bot/reports/render-md.ts";
import { FINDING_CATEGORIES, type Finding, type ReportDocument } from "../../bot/reports/document.ts";

const validate = validateReport;

function finding(i: number, over: Partial<Finding> = {}): Finding {
  return {
    category: "stale", filter: "stale-days=90", grantId: 100_000 + i, tokenId: 20_000_000 + i, tokenName: `token ${i}`, owner: `user${i}`,
    ownerIsMember: true, repositorySelection: "subset", repositoryCount: 3, permissions: ["contents:write", "metadata:read"],
    lastUsedAt: "2026-01-02T03:04:05.000Z", expiresAt: null, grantedAt: "2025-01-01T00:00:00.000Z", riskScore: 42, ...over,
  };
}

function documentWith(findings: Finding[]): ReportDocument {
  const counts = Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, findings.filter((f) => f.category === c).length])) as ReportDocument["summary"]["findings"];
  return {
    schemaVersion: 1, org: { id: 1, login: "acme" }, generatedAt: "2026-03-01T00:00:00.000Z",
    period: { start: "2026-02-22T00:00:00.000Z", end: "2026-03-01T00:00:00.000Z" },
    thresholds: { staleDays: 90, expiringDays: 14, longExpiryDays: 366, forbiddenPermissions: ["administration:write"], allRepositoriesWrite: true },
    summary: { activeGrants: 500, pendingRequests: 2, grantsWithFindings: findings.length, findings: counts, revocations: 1, requestDecisions: { approved: 0, denied: 1 } },
    categories: FINDING_CATEGORIES.map((c) => ({ category: c, count: counts[c], filters: [c === "stale" ? "stale-days=90" : "owner-left=true"] })),
    findings,
    revocations: [{ grantId: 100_001, tokenId: 20_000_001, tokenName: "token 1", owner: "user1", by: "secops", byType: "user", at: "2026-02-23T00:00:00.000Z", reason: "unused", outcome: "revoked", jobId: 7, error: null }],
    requestDecisions: [{ requestId: 5_000_001, tokenId: 9, tokenName: "ci", owner: "dev", decision: "denied", by: "owner", via: "patwarden", at: "2026-02-24T00:00:00.000Z", reason: "too broad" }],
    changes: { previousReportId: 3, previousGeneratedAt: "2026-02-22T00:00:00.000Z", newFindings: [{ category: "stale", grantId: 100_002, tokenName: "token 2", owner: "user2" }], resolvedFindings: [] },
  };
}

describe("renderReport", () => {
  const tricky = finding(1, { tokenName: "deploy, \"prod\" | main\nline2", category: "owner_left", filter: "owner-left=true", ownerIsMember: false });
  const doc = documentWith([tricky, ...Array.from({ length: 120 }, (_, i) => finding(i + 2))]);

  it("CSV: a header, then one row per finding with the rule's filter and the grant's fields", () => {
    const rows = parseCsv(renderReport(doc, "csv"));
    expect(rows).toHaveLength(doc.findings.length);
    expect(rows[0]).toEqual({
      category: "owner_left", filter: "owner-left=true", grant_id: "100001", token_id: "20000001", token_name: tricky.tokenName, owner: "user1",
      owner_is_member: "false", repository_selection: "subset", repository_count: "3", permissions: "contents:write metadata:read",
      last_used_at: "2026-01-02T03:04:05.000Z", expires_at: "", granted_at: "2025-01-01T00:00:00.000Z", risk_score: "42",
    });
  });

  it("JSON: the document itself, valid against the published schema", () => {
    const json = JSON.parse(renderReport(doc, "json"));
    expect(json).toEqual(doc);
    expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...json, schemaVersion: 2 })).toBe(false);
    expect(validate({ ...json, findings: [{ ...json.findings[0], category: "bogus" }] })).toBe(false);
    expect(validate({ ...json, changes: null })).toBe(true);
  });

  it("Markdown: summary, changes, findings cut at the limit with a count, revocations and decisions", () => {
    const md = renderReport(doc, "md");
    expect(md).toContain("# patwarden compliance report: acme");
    expect(md).toContain("| Stale | 120 |");
    expect(md).toContain("**1 new**, **0 resolved**");
    expect(md).toContain(`… and ${120 - MARKDOWN_LIST_LIMIT} more grants (the CSV or JSON download lists all of them).`);
    expect(md).toContain("`patwarden grants --org acme --stale-days 90`");
    const staleSection = md.split("### Stale (120)")[1]!.split("###")[0]!;
    expect(staleSection.split("\n").filter((l) => /^\| 1000\d\d /.test(l))).toHaveLength(MARKDOWN_LIST_LIMIT);
    // The pipe and the line break in the token name stay inside one table cell.
    expect(md).toContain("| 100001 | deploy, \"prod\" \\| main line2 | user1 |");
    expect(md).toContain("| 2026-02-23T00:00:00.000Z | 100001 | token 1 | user1 | secops | unused | revoked |");
    expect(md).toContain("too broad");
  });

  it("names downloads by org, day and report id", () => {
    expect(reportFileName({ login: "acme", generatedAt: doc.generatedAt, id: 12, format: "csv" })).toBe("patwarden-report-acme-2026-03-01-r12.csv");
  });

  it("refuses an unknown format", () => {
    expect(() => renderReport(doc, "xml" as "csv")).toThrow(/format/);
  });
});
