import "server-only";
// The reports pages: stored reports of one org the viewer may see, one report's document for its
// view and downloads, and "Generate report" (delivery to GitHub only for viewers who may act there).
import { generateReport, getReport, listReports, readDocument, renderReport, reportFileName, REPORT_CONTENT_TYPES, type ReportDocument, type ReportFormat } from "../../bot/reports/index.ts";
import { NotFound } from "../../model/errors.ts";
import type { Report } from "../../db/schema.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type ReportRow = Pick<Report, "id" | "trigger" | "requestedBy" | "generatedAt" | "periodStart" | "summary" | "delivery">;

export async function listReportsPage({ viewer, org }: { viewer: Viewer; org: string }): Promise<{ login: string; access: OrgAccess; reports: ReportRow[] }> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const rows = await listReports({ db: getDashboardRuntime().db, orgId: row.id, limit: 100 });
  return {
    login: row.login, access,
    reports: rows.map((r) => ({ id: r.id, trigger: r.trigger, requestedBy: r.requestedBy, generatedAt: r.generatedAt, periodStart: r.periodStart, summary: r.summary, delivery: r.delivery })),
  };
}

export type ReportView = { login: string; access: OrgAccess; report: ReportRow; doc: ReportDocument };

async function loadReport({ viewer, org, id }: { viewer: Viewer | null; org: string; id: number }) {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const report = await getReport({ db: getDashboardRuntime().db, orgId: row.id, id });
  const doc = readDocument(report);
  if (!report || !doc) throw new NotFound(`${row.login} has no report ${id}.`);
  return { row, access, report, doc };
}

export async function getReportView({ viewer, org, id }: { viewer: Viewer; org: string; id: number }): Promise<ReportView> {
  const { row, access, report, doc } = await loadReport({ viewer, org, id });
  return { login: row.login, access, report, doc };
}

/** For the download route: the stored document rendered in one format. */
export async function exportReport({ viewer, org, id, format }: { viewer: Viewer | null; org: string; id: number; format: ReportFormat }) {
  const { row, report, doc } = await loadReport({ viewer, org, id });
  return {
    filename: reportFileName({ login: row.login, generatedAt: report.generatedAt, id: report.id, format }),
    contentType: REPORT_CONTENT_TYPES[format],
    body: renderReport(doc, format),
  };
}

/**
 * Anyone who sees the org may generate a report (auditors on a read-only team need them). Delivery
 * writes to GitHub (an issue, a commit), so it happens only for owners and revoke-mode teams.
 */
export async function generateReportFor({ viewer, org }: { viewer: Viewer | null; org: string }) {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { db, now, installationOctokit } = getDashboardRuntime();
  const deliver = access.canRevoke;
  const octokit = deliver && installationOctokit && row.installationId && row.installationStatus === "active" ? installationOctokit(row.installationId) : null;
  const { report, delivery } = await generateReport({
    db, octokit, org: { id: row.id, login: row.login }, now: now(), trigger: "dashboard", requestedBy: viewer!.login, actorType: "user", deliver,
  });
  return { login: row.login, id: report.id, delivered: deliver, deliveryErrors: delivery?.errors ?? [] };
}
