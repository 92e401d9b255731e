// The idle factor shared by grants and SSO credentials: days since last use (30/90/180), or never
// used, counted from when access was granted (a token granted yesterday has had no chance yet).
import { DAY_MS } from "../../model/categories.ts";
import type { RiskCode } from "../../model/risk.ts";

export function idleReason({ lastUsedAt, grantedAt, now, used, granted }: {
  lastUsedAt: Date | null;
  grantedAt: Date;
  now: Date;
  /** The verb in the text: "used" for grants, "accessed" for credentials (GitHub's word). */
  used: string;
  granted: string;
}): { code: RiskCode; text: string } | null {
  const days = (from: Date) => Math.floor((now.getTime() - from.getTime()) / DAY_MS);
  if (!lastUsedAt) {
    const age = days(grantedAt);
    return { code: age > 30 ? "never_used" : "never_used_recent", text: `never ${used} (${granted} ${age} days ago)` };
  }
  const idle = days(lastUsedAt);
  if (idle > 180) return { code: "idle_over_180", text: `not ${used} for ${idle} days` };
  if (idle > 90) return { code: "idle_over_90", text: `not ${used} for ${idle} days` };
  if (idle > 30) return { code: "idle_over_30", text: `not ${used} for ${idle} days` };
  return null;
}
