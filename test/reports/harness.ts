// Shared setup for report tests: a simulator and a database synced from it (the sync tests'
// harness), plus the ground-truth side of every report category, written plainly on the REST
// objects the simulator returns, independently of the SQL filters.
import type { GroundGrant, GroundTruth } from "../../simulator/index.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import type { FindingCategory, ReportThresholds } from "../../bot/reports/document.ts";
import { startHarness, type Harness } from "../sync/harness.ts";

export const DAY = 86_400_000;
const RANK: Record<string, number> = { read: 1, write: 2, admin: 3 };

export async function syncFull(hs: Harness, login: string): Promise<void> {
  const org = await hs.orgRef(login);
  const r = await syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });
  if (r.status !== "succeeded") throw new Error(`sync failed: ${r.error}`);
}

export { startHarness, type Harness };

const time = (s: string | null | undefined) => (s ? new Date(s).getTime() : null);
const heldRank = (g: GroundGrant, name: string) =>
  Math.max(0, ...Object.values(g.permissions).map((m) => RANK[(m as Record<string, string> | undefined)?.[name] ?? ""] ?? 0));

export function expectedCategory({ truth, category, t, now }: {
  truth: GroundTruth; category: FindingCategory; t: ReportThresholds; now: Date;
}): number[] {
  const n = now.getTime();
  const exMembers = new Set(truth.exMembers.map((m) => m.login.toLowerCase()));
  const match = (g: GroundGrant): boolean => {
    const used = time(g.token_last_used_at);
    const expires = time(g.token_expires_at);
    const granted = time(g.access_granted_at)!;
    switch (category) {
      case "stale": return used === null ? granted < n - t.staleDays * DAY : used < n - t.staleDays * DAY;
      case "never_used": return used === null;
      case "expired": return g.token_expired || (expires !== null && expires <= n);
      case "expiring": return !g.token_expired && expires !== null && expires > n && expires <= n + t.expiringDays * DAY;
      case "no_expiry": return expires === null;
      case "long_expiry": return expires !== null && expires - granted > t.longExpiryDays * DAY;
      case "over_privileged":
        return t.forbiddenPermissions.some((p) => {
          const [name, level] = p.split(":");
          return heldRank(g, name!) >= RANK[level!]!;
        }) || (g.repository_selection === "all"
          && Object.values((g.permissions as { repository?: Record<string, string> }).repository ?? {}).some((l) => l === "write" || l === "admin"));
      case "owner_left": return exMembers.has(g.owner.login.toLowerCase());
    }
  };
  return truth.grants.filter(match).map((g) => g.id).sort((a, b) => a - b);
}
