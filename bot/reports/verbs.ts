// Engine verbs for reports: generate (and deliver), list, show, download. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
import type { AppendAuditInput } from "../../db/queries/audit.ts";
import { getReport, listReportPage } from "../../db/queries/reports.ts";
import { decodeTimeKeyset } from "../../model/time-cursor.ts";
import { installationClient, type EngineContext } from "../engine-context.ts";
import { findActingOrg, getActingOrg, type ActingOrg } from "../orgs/acting-org.ts";
import type { PolicyConfig } from "../policies/config.ts";
import { readDocument } from "./build-report.ts";
import type { DeliveryRecord } from "./deliver-report.ts";
import type { ReportDocument, ReportSummary } from "./document.ts";
import { generateReport, previewReport } from "./index.ts";
import { renderReport, REPORT_CONTENT_TYPES, reportFileName, type ReportFormat } from "./render.ts";
import { refreshReportPolicy, type ReportPolicy } from "./report-config.ts";

export type { DeliveryRecord, ReportDocument, ReportFormat, ReportSummary };
/** The policy file a report used: its sha, and whether it was read from GitHub now or the stored copy. */
export type ReportPolicyUsed = Omit<ReportPolicy, "config">;
export type { ReportListItem } from "../../db/queries/reports.ts";

/** A stored report as lists and pages show it (no document). */
export type ReportRow = { id: number; trigger: string; requestedBy: string; generatedAt: Date; periodStart: Date | null; summary: Record<string, unknown>; delivery: Record<string, unknown> };

const toRow = (r: ReportRow): ReportRow => ({
  id: r.id, trigger: r.trigger, requestedBy: r.requestedBy, generatedAt: r.generatedAt, periodStart: r.periodStart, summary: r.summary, delivery: r.delivery,
});

export function createReportVerbs(ctx: EngineContext) {
  /** Delivery writes to GitHub with the App's client for the org, when this process has one and the installation is active. */
  const deliveryClient = (org: ActingOrg) =>
    org.installationId && org.installationStatus === "active" && ctx.hasGitHub()
      ? installationClient(ctx, { org, doing: "Delivering the report", command: "report" })
      : null;

  const generate = async ({ org, trigger, requestedBy, actorType, deliver, now }: {
    org: ActingOrg; trigger: string; requestedBy: string; actorType?: AppendAuditInput["actorType"]; deliver: boolean; now: Date;
  }) => {
    const client = deliveryClient(org);
    const { config, ...policy } = await refreshReportPolicy({ db: ctx.db, octokit: client, org: { id: org.id, login: org.login }, now });
    const wanted = deliver && Boolean(config.reports.issue || config.reports.file);
    const { report, delivery } = await generateReport({
      db: ctx.db, octokit: wanted ? client : null, org: { id: org.id, login: org.login }, now,
      trigger, requestedBy, actorType, deliver: wanted, config,
    });
    return { report, delivery, doc: readDocument(report)!, config, policy };
  };

  return {
    /**
     * Generates, stores and audits a report now, and delivers it where the policy file says unless
     * `deliver` is false. `format` also returns it rendered. A delivery problem is recorded on the
     * report and returned in `delivery.errors`, never thrown.
     */
    async generate({ orgId, trigger, requestedBy, actorType, deliver = true, format }: {
      orgId: number; trigger: string; requestedBy: string; actorType?: AppendAuditInput["actorType"]; deliver?: boolean; format?: ReportFormat;
    }): Promise<{ report: ReportRow; summary: ReportSummary; delivery: DeliveryRecord | null; body: string | null; policy: ReportPolicyUsed }> {
      const org = await getActingOrg(ctx, orgId);
      const { report, delivery, doc, policy } = await generate({ org, trigger, requestedBy, actorType, deliver, now: ctx.now() });
      return { report: toRow(report), summary: doc.summary, delivery, body: format ? renderReport(doc, format) : null, policy };
    },

    /**
     * Computes a report now and returns it rendered, without storing, auditing or delivering it
     * (`patwarden report --preview`): its changes are those since the baseline report (the latest
     * scheduled one, else the latest stored).
     */
    async preview({ orgId, format }: { orgId: number; format: ReportFormat }): Promise<{ summary: ReportSummary; body: string; previousReportId: number | null; policy: ReportPolicyUsed }> {
      const org = await getActingOrg(ctx, orgId);
      const now = ctx.now();
      const { config, ...policy } = await refreshReportPolicy({ db: ctx.db, octokit: deliveryClient(org), org: { id: org.id, login: org.login }, now });
      const doc = await previewReport({ db: ctx.db, org: { id: org.id, login: org.login }, now, config });
      return { summary: doc.summary, body: renderReport(doc, format), previousReportId: doc.changes?.previousReportId ?? null, policy };
    },

    /**
     * The scheduled report: generated, stored and delivered; `schedule` is the policy's
     * reports.schedule, from which the job computes the next one.
     */
    async runScheduled({ orgId, requestedBy }: { orgId: number; requestedBy: string }): Promise<
      { outcome: "skipped"; note: string } | { outcome: "succeeded"; note: string; generatedAt: Date; schedule: PolicyConfig["reports"]["schedule"] }
    > {
      const org = await findActingOrg(ctx, orgId);
      if (!org?.installationId) return { outcome: "skipped", note: "org no longer installed" };
      const now = ctx.now();
      const { report, delivery, config } = await generate({ org, trigger: "schedule", requestedBy, deliver: true, now });
      const problems = delivery?.errors?.length ? `, delivery failed: ${delivery.errors[0]}` : "";
      return { outcome: "succeeded", note: `report ${report.id}${problems}`, generatedAt: now, schedule: config.reports.schedule };
    },

    /**
     * Newest first, without documents, `limit` a page: `before`/`after` a cursor (the page's `older`/`newer`)
     * reads the older/newer reports past it (model/time-cursor.ts; a bad one is InvalidInput naming the field).
     */
    async list({ orgId, limit = 50, after, before }: { orgId: number; limit?: number; after?: string; before?: string }): Promise<{
      rows: ReportRow[]; older: string | null; newer: string | null;
    }> {
      const page = await listReportPage({ db: ctx.db, orgId, limit, ...decodeTimeKeyset({ after, before, list: "reports" }) });
      return { rows: page.rows.map(toRow), older: page.older, newer: page.newer };
    },

    /** One stored report with its document, or null when this org has none by that id. */
    async get({ orgId, id }: { orgId: number; id: number }): Promise<{ report: ReportRow; doc: ReportDocument } | null> {
      const report = await getReport({ db: ctx.db, orgId, id });
      const doc = readDocument(report);
      return report && doc ? { report: toRow(report), doc } : null;
    },

    /** A stored report rendered in one format, named for download; null when this org has none by that id. */
    async download({ orgId, id, format }: { orgId: number; id: number; format: ReportFormat }): Promise<{ filename: string; contentType: string; body: string } | null> {
      const report = await getReport({ db: ctx.db, orgId, id });
      const doc = readDocument(report);
      if (!report || !doc) return null;
      const org = await getActingOrg(ctx, orgId);
      return {
        filename: reportFileName({ login: org.login, generatedAt: report.generatedAt, id: report.id, format }),
        contentType: REPORT_CONTENT_TYPES[format],
        body: renderReport(doc, format),
      };
    },
  };
}
