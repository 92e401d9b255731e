import "server-only";
// The audit log page: one org's entries, newest first, filtered in SQL and read a page at a time
// with a keyset cursor (the log only grows, so offsets would drift while someone pages).
import type { AuditEntryWithSources } from "../../bot/audit/verbs.ts";
import { describeSources } from "../../bot/audit/sources.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { parseAuditQuery, type AuditQuery } from "../_lib/audit-query.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export const AUDIT_PAGE_SIZE = 50;

export type AuditRow = {
  id: number;
  at: Date;
  actor: string;
  actorType: string;
  action: string;
  target: string | null;
  reason: string | null;
  result: string;
  /** A short rendering of the details, e.g. "outcome: revoked · owner: alice". */
  details: string;
  /** Every source that reported the entry, when more than its actor did or a webhook delivery is known ("alice via dashboard; patwarden[bot] via GitHub (delivery …)"). */
  sources: string | null;
};

export type AuditView = {
  login: string;
  access: OrgAccess;
  query: AuditQuery;
  rows: AuditRow[];
  total: number;
  /** Cursor of the next (older) page, when there is one. */
  nextBefore: number | null;
  facets: { actions: string[]; actors: string[] };
  error: string | null;
};

const DETAIL_KEYS = ["outcome", "owner", "tokenName", "jobId", "total", "revoked", "alreadyGone", "failed", "error", "message"];

export function summarizeDetails(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of DETAIL_KEYS) {
    const v = details[key];
    if (v === undefined || v === null || typeof v === "object") continue;
    parts.push(`${key}: ${String(v)}`);
  }
  return parts.join(" · ");
}

export function toAuditRow(e: AuditEntryWithSources): AuditRow {
  const telling = e.sources.length > 1 || e.sources.some((s) => s.deliveryId);
  return {
    id: e.id, at: e.at, actor: e.actor, actorType: e.actorType, action: e.action,
    target: e.targetType ? `${e.targetType}${e.targetId ? ` ${e.targetId}` : ""}` : null,
    reason: e.reason, result: e.result, details: summarizeDetails(e.details ?? {}),
    sources: telling ? describeSources(e.sources) : null,
  };
}

export async function listAuditView({ viewer, org, params }: { viewer: Viewer; org: string; params: URLSearchParams }): Promise<AuditView> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine } = getDashboardRuntime();
  const facets = await engine.audit.facets({ orgId: row.id });
  let query: AuditQuery;
  try {
    query = parseAuditQuery(params);
  } catch (e) {
    if ((e as { kind?: string }).kind !== "InvalidInput") throw e;
    const error = `This filter cannot be applied: ${(e as Error).message}. Change it below, or clear the filters.`;
    return { login: row.login, access, query: parseAuditQuery(new URLSearchParams()), rows: [], total: 0, nextBefore: null, facets, error };
  }
  const [entries, total] = await Promise.all([
    engine.audit.page({ orgId: row.id, filter: query.filter, before: query.before, limit: AUDIT_PAGE_SIZE + 1 }),
    engine.audit.count({ orgId: row.id, filter: query.filter }),
  ]);
  const page = entries.slice(0, AUDIT_PAGE_SIZE);
  return {
    login: row.login, access, query, total, facets, error: null,
    rows: page.map(toAuditRow),
    nextBefore: entries.length > AUDIT_PAGE_SIZE ? page[page.length - 1]!.id : null,
  };
}
