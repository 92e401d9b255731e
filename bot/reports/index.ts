// Compliance reports: build the document, store it (one insert: whole or nothing), audit it, then
// deliver it where configured. Called by the CLI (`patwarden report`), the weekly job and the
// dashboard's "Generate report" button; downloads use getReport + renderReport.
import type { Db } from "../../db/client.ts";
import { appendAudit, type AppendAuditInput } from "../../db/queries/audit.ts";
import { findLastReportIssue, getBaselineReport, insertReport, updateReportDelivery } from "../../db/queries/reports.ts";
import type { Report } from "../../db/schema.ts";
import type { OctokitLike } from "../github/calls.ts";
import type { PolicyConfig } from "../policies/config.ts";
import { buildReport } from "./build-report.ts";
import { deliverReport, type DeliveryRecord, type IssueDelivery } from "./deliver-report.ts";
import { loadReportConfig } from "./report-config.ts";

export { buildReport, diffFindings, readDocument } from "./build-report.ts";
export { renderReport, reportFileName, REPORT_CONTENT_TYPES, REPORT_FORMATS, type ReportFormat } from "./render.ts";
export { deliverReport, type DeliveryRecord } from "./deliver-report.ts";
export { FINDING_CATEGORIES, REPORT_SCHEMA_VERSION, type Finding, type FindingCategory, type ReportDocument } from "./document.ts";
export { getLatestReport, getReport, listReports, type ReportListItem } from "../../db/queries/reports.ts";
import type { ReportDocument } from "./document.ts";

export type GenerateReportOptions = {
  db: Db;
  /** The org's installation client; without it nothing is delivered (and that is recorded). */
  octokit?: OctokitLike | null;
  org: { id: number; login: string };
  now?: Date;
  /** "schedule", "dashboard", "cli", … */
  trigger: string;
  /** Who asked: a GitHub login, the OS user, or "patwarden" for the schedule. */
  requestedBy: string;
  actorType?: AppendAuditInput["actorType"];
  deliver?: boolean;
  config?: PolicyConfig;
};

export type GenerateReportResult = {
  report: Report;
  /** null when delivery was not asked for; `errors` lists what failed. */
  delivery: DeliveryRecord | null;
};

function issueOf(delivery: Record<string, unknown> | null): IssueDelivery | null {
  const issue = delivery?.issue as Partial<IssueDelivery> | undefined;
  return issue && typeof issue.number === "number" && typeof issue.repository === "string" ? (issue as IssueDelivery) : null;
}

/** A report computed and returned, not stored, audited or delivered (`patwarden report --preview`). */
export async function previewReport({ db, org, now = new Date(), config }: {
  db: Db; org: { id: number; login: string }; now?: Date; config?: PolicyConfig;
}): Promise<ReportDocument> {
  const previous = await getBaselineReport({ db, orgId: org.id });
  return buildReport({ db, org, now, config: config ?? await loadReportConfig({ db, orgId: org.id }), previous });
}

export async function generateReport(opts: GenerateReportOptions): Promise<GenerateReportResult> {
  const { db, org, trigger, requestedBy, deliver = true } = opts;
  const now = opts.now ?? new Date();
  const config = opts.config ?? await loadReportConfig({ db, orgId: org.id });
  const previous = await getBaselineReport({ db, orgId: org.id });
  const doc = await buildReport({ db, org, now, config, previous });
  // The report and its audit entry are stored together or not at all (a crash between the two
  // would leave a report nobody is recorded as having generated).
  const stored = await db.transaction(async (tx) => {
    const row = await insertReport({
      db: tx,
      report: {
        orgId: org.id, trigger, requestedBy, generatedAt: now, periodStart: previous?.generatedAt ?? null,
        previousReportId: previous?.id ?? null, schemaVersion: doc.schemaVersion,
        summary: doc.summary as unknown as Record<string, unknown>,
        document: doc as unknown as Record<string, unknown>,
        delivery: {},
      },
    });
    await appendAudit({
      db: tx, orgId: org.id, actor: requestedBy, actorType: opts.actorType ?? "app", action: "report.generated",
      targetType: "report", targetId: row.id, result: "success", at: now,
      details: { trigger, findings: doc.summary.findings, grantsWithFindings: doc.summary.grantsWithFindings, previousReportId: previous?.id ?? null },
    });
    return row;
  });
  const wantsDelivery = deliver && Boolean(config.reports.issue || config.reports.file);
  if (!wantsDelivery) return { report: stored, delivery: null };
  const delivery = await deliverReport({
    octokit: opts.octokit ?? null, org, config, doc,
    previousIssue: issueOf(await findLastReportIssue({ db, orgId: org.id })),
  });
  await updateReportDelivery({ db, orgId: org.id, id: stored.id, delivery: delivery as Record<string, unknown> });
  if (delivery.errors?.length) {
    await appendAudit({
      db, orgId: org.id, actor: requestedBy, actorType: opts.actorType ?? "app", action: "report.delivery",
      targetType: "report", targetId: stored.id, result: "failure", at: now, details: { errors: delivery.errors },
    });
  }
  return { report: { ...stored, delivery: delivery as Record<string, unknown> }, delivery };
}
