// A request's risk: the score (model/risk.ts, bot/risk/score.ts) of the grant it becomes if
// approved now, so a reviewer weighs it on the same 0–100 scale as the grants table.
import type { PatRequest } from "../../db/schema.ts";
import type { RiskScore } from "../../model/risk.ts";
import { scoreGrant } from "../risk/index.ts";

type ScoredRequest = Pick<PatRequest, "permissions" | "repositorySelection" | "tokenExpired" | "tokenExpiresAt" | "tokenLastUsedAt">;

export function scoreRequest(request: ScoredRequest, now: Date): RiskScore {
  // Granted now; membership is not known here (the owner is asking, so rarely gone).
  const risk = scoreGrant({ ...request, accessGrantedAt: now, ownerIsMember: null }, now);
  // "never used (granted 0 days ago)" reads wrong before the grant exists.
  return { ...risk, reasons: risk.reasons.map((r) => (r.code === "never_used_recent" ? { ...r, text: "not used yet" } : r)) };
}
