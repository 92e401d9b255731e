// Builds a report document for one org at one moment: findings per category (the shared grant
// filters), the period's revocations and request decisions, and the difference from the previous
// report. Reads only; storing is generateReport's job.
import type { Db } from "../../db/client.ts";
import { countGrants } from "../../db/queries/grants.ts";
import { countPendingRequests, getLatestReport } from "../../db/queries/reports.ts";
import type { Report } from "../../db/schema.ts";
import type { PolicyConfig } from "../policies/config.ts";
import { categorySpecs, thresholdsOf } from "./categories.ts";
import { collectRequestDecisions, collectRevocations } from "./collect-activity.ts";
import { collectCategory } from "./collect-findings.ts";
import { collectCredentialSection, diffCredentialFindings } from "./credential-findings.ts";
import {
  FINDING_CATEGORIES, REPORT_SCHEMA_VERSION, type CategorySummary, type Finding, type FindingCategory, type FindingKey,
  type ReportChanges, type ReportDocument,
} from "./document.ts";

export type BuildReportOptions = {
  db: Db;
  org: { id: number; login: string };
  now: Date;
  config: PolicyConfig;
  /** The report this one is compared with; the org's latest stored report when omitted. */
  previous?: Report | null;
};

/** A stored document we wrote ourselves; anything else (an older schema) is not compared with. */
export function readDocument(report: Pick<Report, "document"> | null): ReportDocument | null {
  const doc = report?.document;
  if (!doc || doc.schemaVersion !== REPORT_SCHEMA_VERSION || !Array.isArray(doc.findings)) return null;
  return doc as unknown as ReportDocument;
}

export async function buildReport({ db, org, now, config, ...opts }: BuildReportOptions): Promise<ReportDocument> {
  const previous = opts.previous === undefined ? await getLatestReport({ db, orgId: org.id }) : opts.previous;
  const previousDoc = readDocument(previous);
  const thresholds = thresholdsOf(config);
  const categories: CategorySummary[] = [];
  const findings: Finding[] = [];
  for (const spec of categorySpecs(thresholds)) {
    const result = await collectCategory({ db, orgId: org.id, spec, now });
    categories.push(result.summary);
    findings.push(...result.findings);
  }
  const period = { db, orgId: org.id, since: previous?.generatedAt ?? null, until: now };
  const [revocations, requestDecisions, activeGrants, pendingRequests, credentials] = await Promise.all([
    collectRevocations(period),
    collectRequestDecisions(period),
    countGrants({ db, orgId: org.id, filter: {}, now }),
    countPendingRequests({ db, orgId: org.id }),
    collectCredentialSection({ db, orgId: org.id, config, now, since: period.since }),
  ]);
  const perCategory = Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, 0])) as Record<FindingCategory, number>;
  for (const c of categories) perCategory[c.category] = c.count;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    org: { id: org.id, login: org.login },
    generatedAt: now.toISOString(),
    period: { start: previous ? previous.generatedAt.toISOString() : null, end: now.toISOString() },
    thresholds,
    summary: {
      activeGrants,
      pendingRequests,
      grantsWithFindings: new Set(findings.map((f) => f.grantId)).size,
      findings: perCategory,
      revocations: revocations.filter((r) => r.outcome !== "failed").length,
      requestDecisions: {
        approved: requestDecisions.filter((d) => d.decision === "approved").length,
        denied: requestDecisions.filter((d) => d.decision === "denied").length,
      },
    },
    categories,
    findings,
    revocations,
    requestDecisions,
    changes: previous && previousDoc
      ? { ...diffFindings({ previousId: previous.id, previous: previousDoc, findings }), credentials: diffCredentialFindings({ previous: previousDoc, current: credentials }) }
      : null,
    credentials,
  };
}

const keyOf = (f: { category: string; grantId: number }) => `${f.category}:${f.grantId}`;
const toKey = (f: Finding | FindingKey): FindingKey => ({ category: f.category, grantId: f.grantId, tokenName: f.tokenName, owner: f.owner });
const byCategoryThenGrant = (a: FindingKey, b: FindingKey) =>
  FINDING_CATEGORIES.indexOf(a.category) - FINDING_CATEGORIES.indexOf(b.category) || a.grantId - b.grantId;

/** New and resolved findings, keyed by category + grant id. */
export function diffFindings({ previousId, previous, findings }: {
  previousId: number; previous: ReportDocument; findings: Finding[];
}): ReportChanges {
  const before = new Set(previous.findings.map(keyOf));
  const now = new Set(findings.map(keyOf));
  return {
    previousReportId: previousId,
    previousGeneratedAt: previous.generatedAt,
    newFindings: findings.filter((f) => !before.has(keyOf(f))).map(toKey).sort(byCategoryThenGrant),
    resolvedFindings: previous.findings.filter((f) => !now.has(keyOf(f))).map(toKey).sort(byCategoryThenGrant),
  };
}
