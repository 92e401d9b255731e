// What happened in the report's period, from the append-only audit log: each grant a revocation
// job settled (one `grant.revoke` entry per grant, written with the item's outcome), and each
// request decision, ours (`request.approve|deny`) and those GitHub told us of by webhook
// (`request.approved|denied`).
import type { Db } from "../../db/client.ts";
import { listAuditInPeriod } from "../../db/queries/reports.ts";
import type { AuditEntry } from "../../db/schema.ts";
import type { RequestDecisionEntry, RevocationEntry } from "./document.ts";

const PAGE = 1_000;
const REVOKE_ACTIONS = ["grant.revoke"];
const DECISION_ACTIONS = ["request.approve", "request.deny", "request.approved", "request.denied"];

type Period = { db: Db; orgId: number; since: Date | null; until: Date };

async function* auditEntries({ actions, ...p }: Period & { actions: string[] }): AsyncGenerator<AuditEntry> {
  for (let afterId = 0; ;) {
    const page = await listAuditInPeriod({ ...p, actions, afterId, limit: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    afterId = page.at(-1)!.id;
  }
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null);

export async function collectRevocations(p: Period): Promise<RevocationEntry[]> {
  const out: RevocationEntry[] = [];
  for await (const e of auditEntries({ ...p, actions: REVOKE_ACTIONS })) {
    const d = e.details;
    out.push({
      grantId: num(e.targetId) ?? 0,
      tokenId: num(d.tokenId),
      tokenName: str(d.tokenName),
      owner: str(d.owner),
      by: e.actor,
      byType: e.actorType,
      at: e.at.toISOString(),
      reason: e.reason,
      outcome: str(d.outcome) ?? (e.result === "success" ? "revoked" : e.result),
      jobId: num(d.jobId),
      error: str(d.error),
    });
  }
  return out;
}

/**
 * One entry per request and decision: a decision made through patwarden also comes back as a
 * webhook; the patwarden entry (it carries the reason) wins. Failed or refused attempts are not decisions.
 */
export async function collectRequestDecisions(p: Period): Promise<RequestDecisionEntry[]> {
  const byKey = new Map<string, RequestDecisionEntry>();
  for await (const e of auditEntries({ ...p, actions: DECISION_ACTIONS })) {
    const requestId = num(e.targetId);
    if (requestId === null || e.result !== "success") continue;
    const ours = e.action === "request.approve" || e.action === "request.deny";
    const decision = e.action === "request.approve" || e.action === "request.approved" ? "approved" : "denied";
    if (ours && str(e.details.outcome) !== null && e.details.outcome !== decision) continue;
    const key = `${requestId}:${decision}`;
    const existing = byKey.get(key);
    if (existing && (existing.via === "patwarden" || !ours)) continue;
    byKey.set(key, {
      requestId,
      tokenId: num(e.details.tokenId),
      tokenName: str(e.details.tokenName),
      owner: str(e.details.owner),
      decision,
      by: e.actor,
      via: ours ? "patwarden" : "github",
      at: e.at.toISOString(),
      reason: e.reason ?? existing?.reason ?? null,
    });
  }
  return [...byKey.values()].sort((a, b) => a.at.localeCompare(b.at) || a.requestId - b.requestId);
}
