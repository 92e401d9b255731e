// What one run does with the matches, decided without I/O: warnings to open, keep or resolve,
// grants to revoke, and every (grant, rule) item with its outcome and why. A dry run shows this
// plan; a real run applies it, so the preview is exactly what would happen.
import type { PolicyWarning } from "../../db/schema.ts";
import { DAY_MS } from "../../model/categories.ts";
import type { PolicyMode, PolicyOutcome } from "../../model/statuses.ts";
import type { PolicyConfig } from "./config.ts";
import type { EvaluableGrant, RuleMatch } from "./evaluate.ts";

export type PlannedItem = { grantId: number; rule: string; mode: PolicyMode; outcome: PolicyOutcome; detail: string; ownerLogin: string; tokenName: string };
export type WarningKey = { grantId: number; rule: string };
export type NewWarning = WarningKey & { ownerLogin: string; mode: PolicyMode; warnedAt: Date; revokeAfter: Date | null; detail: string };
export type KeptWarning = { key: WarningKey; mode: PolicyMode; revokeAfter: Date | null };
export type ResolvedWarning = { key: WarningKey; ownerLogin: string; reason: string };
export type PlannedRevocation = { grantId: number; ownerLogin: string; tokenName: string; rules: { ruleId: string; detail: string }[] };

export type RunPlan = {
  items: PlannedItem[];
  open: NewWarning[];
  keep: KeptWarning[];
  resolve: ResolvedWarning[];
  revoke: PlannedRevocation[];
  /** How many grants this run may revoke, and why that many. */
  cap: { limit: number; activeGrants: number; text: string };
  stopped: boolean;
};

export type PlanGrant = Pick<EvaluableGrant, "id" | "ownerLogin" | "tokenName">;
/** What planning reads of a match and a warning; credential runs map credential ids onto `grantId` (plan-credentials.ts). */
export type PlanMatch = Pick<RuleMatch, "grantId" | "ruleId" | "mode" | "detail" | "excepted">;
export type PlanWarning = Pick<PolicyWarning, "grantId" | "rule" | "ownerLogin" | "warnedAt" | "revokeAfter">;
/** The cap of a run's second plan (credentials): what the first already revoked counts against maxRevocationsPerRun. */
export type CapShare = { alreadyRevoked: number; noun: string };

/** "2025-03-08 14:05 UTC" */
export const formatUtc = (d: Date): string => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function planRun({ matches, grants, openWarnings, config, now, rules: ruleList = config.rules, share }: {
  matches: PlanMatch[]; grants: PlanGrant[]; openWarnings: PlanWarning[]; config: PolicyConfig; now: Date;
  /** The rules the matches came from (default: the grant rules). */
  rules?: { id: string; mode: PolicyMode; graceDays: number }[];
  share?: CapShare;
}): RunPlan {
  const { stop, maxRevocationsPerRun, maxRevocationPercent } = config.enforcement;
  const perRun = Math.max(0, maxRevocationsPerRun - (share?.alreadyRevoked ?? 0));
  const limit = Math.min(perRun, Math.floor((grants.length * maxRevocationPercent) / 100));
  const text = share
    ? `at most ${limit} ${share.noun} removals in this run (maxRevocationsPerRun ${maxRevocationsPerRun} less ${share.alreadyRevoked} grant revocations in it, maxRevocationPercent ${maxRevocationPercent}% of ${grants.length} active ${share.noun}s)`
    : `at most ${limit} revocations per run (maxRevocationsPerRun ${maxRevocationsPerRun}, maxRevocationPercent ${maxRevocationPercent}% of ${grants.length} active grants)`;
  const cap = { limit, activeGrants: grants.length, text };
  const byId = new Map(grants.map((g) => [g.id, g]));
  const warnings = new Map(openWarnings.map((w) => [keyOf(w), w]));
  const rules = new Map(ruleList.map((r) => [r.id, r]));
  const plan: RunPlan = { items: [], open: [], keep: [], resolve: [], revoke: [], cap, stopped: stop };
  const actionable = new Set<string>();
  const due = new Map<number, { oldest: number; rules: { ruleId: string; detail: string }[]; items: PlannedItem[] }>();

  for (const m of matches) {
    const grant = byId.get(m.grantId);
    if (!grant) continue;
    const item: PlannedItem = { grantId: m.grantId, rule: m.ruleId, mode: m.mode, outcome: "matched", detail: m.detail, ownerLogin: grant.ownerLogin, tokenName: grant.tokenName };
    plan.items.push(item);
    if (m.excepted) {
      Object.assign(item, { outcome: "excepted", detail: `${m.detail}; exception until ${m.excepted.until}: ${m.excepted.reason}` });
      continue;
    }
    if (m.mode === "report") continue;
    const key = keyOf({ grantId: m.grantId, rule: m.ruleId });
    actionable.add(key);
    if (stop) {
      Object.assign(item, { outcome: "skipped", detail: `stop switch: ${m.detail}` });
      continue;
    }
    const graceDays = rules.get(m.ruleId)?.graceDays ?? 0;
    const existing = warnings.get(key);
    if (!existing) {
      const revokeAfter = m.mode === "revoke" ? new Date(now.getTime() + graceDays * DAY_MS) : null;
      plan.open.push({ grantId: m.grantId, rule: m.ruleId, ownerLogin: grant.ownerLogin, mode: m.mode, warnedAt: now, revokeAfter, detail: m.detail });
      Object.assign(item, { outcome: "notified", detail: `${m.detail}; owner warned, ${revokeAfter ? `revocation after ${formatUtc(revokeAfter)}` : "notice only"}` });
      if (revokeAfter && revokeAfter.getTime() <= now.getTime()) addDue(due, m, item, now.getTime());
      continue;
    }
    // A rule switched from notify to revoke starts its grace period now; revoke to notify drops it.
    const revokeAfter = m.mode === "revoke" ? existing.revokeAfter ?? new Date(now.getTime() + graceDays * DAY_MS) : null;
    plan.keep.push({ key: { grantId: m.grantId, rule: m.ruleId }, mode: m.mode, revokeAfter });
    if (!revokeAfter) {
      Object.assign(item, { outcome: "notified", detail: `${m.detail}; owner warned ${formatUtc(existing.warnedAt)} (notice only)` });
    } else if (revokeAfter.getTime() > now.getTime()) {
      Object.assign(item, { outcome: "skipped", detail: `grace period: revocation after ${formatUtc(revokeAfter)} (${m.detail})` });
    } else {
      addDue(due, m, item, existing.warnedAt.getTime());
    }
  }

  // Oldest warnings first, so a cap delays the newest and never starves an old one.
  const ordered = [...due].sort(([a, x], [b, y]) => x.oldest - y.oldest || a - b);
  ordered.forEach(([grantId, d], i) => {
    const grant = byId.get(grantId)!;
    if (i < limit) {
      plan.revoke.push({ grantId, ownerLogin: grant.ownerLogin, tokenName: grant.tokenName, rules: d.rules });
      for (const item of d.items) item.outcome = "revoked";
    } else {
      for (const item of d.items) Object.assign(item, { outcome: "skipped", detail: `cap: ${cap.text} (${item.detail})` });
    }
  });

  if (!stop) {
    for (const w of openWarnings) {
      if (actionable.has(keyOf(w))) continue;
      plan.resolve.push({ key: { grantId: w.grantId, rule: w.rule }, ownerLogin: w.ownerLogin, reason: resolveReason(w, byId, rules, matches) });
    }
  }
  return plan;
}

function addDue(due: Map<number, { oldest: number; rules: { ruleId: string; detail: string }[]; items: PlannedItem[] }>, m: PlanMatch, item: PlannedItem, warnedAt: number): void {
  const entry = due.get(m.grantId) ?? { oldest: warnedAt, rules: [], items: [] };
  entry.oldest = Math.min(entry.oldest, warnedAt);
  entry.rules.push({ ruleId: m.ruleId, detail: m.detail });
  entry.items.push(item);
  due.set(m.grantId, entry);
}

function resolveReason(w: PlanWarning, grants: Map<number, PlanGrant>, rules: Map<string, { mode: PolicyMode }>, matches: PlanMatch[]): string {
  if (!grants.has(w.grantId)) return "the grant is no longer active";
  const rule = rules.get(w.rule);
  if (!rule) return `rule ${w.rule} was removed from the policy file`;
  const match = matches.find((m) => m.grantId === w.grantId && m.ruleId === w.rule);
  if (match?.excepted) return `exception until ${match.excepted.until}: ${match.excepted.reason}`;
  if (match) return `rule ${w.rule} is now report-only`;
  return `no longer matches rule ${w.rule}`;
}

const keyOf = (k: WarningKey): string => `${k.grantId}:${k.rule}`;
