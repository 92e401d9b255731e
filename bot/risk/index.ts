// Risk scores' public surface: the pure score (sync, reports, policies) and the daily rescoring (jobs).
export { scoreGrant, finishRisk, RISK_POINTS, MAX_RISK, type RiskReason, type RiskScore, type ScoredGrant } from "./score.ts";
export { recomputeRiskScores } from "./recompute.ts";
