// Risk scores' public surface: the pure score (sync, reports, policies) and the daily rescoring (jobs).
export { scoreGrant, finishRisk } from "./score.ts";
export { recomputeCredentialRiskScores, recomputeRiskScores } from "./recompute.ts";
export { scoreCredential } from "./credential-score.ts";
