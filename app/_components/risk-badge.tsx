// A risk score as a badge coloured on the one scale (model/risk.ts riskTone), its reasons in the
// tooltip and the accessible name, so "why" is one hover or one screen-reader phrase away.
import { riskTone, type RiskReason } from "../../model/risk.ts";

const TONE = { high: "bad", elevated: "paused", low: "neutral" } as const;

export function RiskBadge({ score, reasons }: { score: number; reasons: readonly Pick<RiskReason, "text">[] }) {
  const why = reasons.map((r) => r.text).join("; ");
  return <span className={`badge ${TONE[riskTone(score)]}`} title={why || "no risk factors"} aria-label={`risk ${score}${why ? `: ${why}` : ""}`} data-risk={score}>{score}</span>;
}
