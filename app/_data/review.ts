import "server-only";
// Request review for the dashboard: the viewer must be allowed to act on the org (the same right
// as revoking), then the review engine calls GitHub and records each outcome and audit entry.
import type { ReviewResult } from "../../bot/review/verbs.ts";
import { formatCount } from "../_lib/format.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type ReviewOutcome = { org: string; done: number; gone: number; failed: number; message: string };

const count = (n: number) => `${formatCount(n)} ${n === 1 ? "request" : "requests"}`;

/** "Approved 3 requests. 1 request was no longer pending in GitHub. 1 request failed: …" */
export function describeReview({ decision, results }: { decision: "approve" | "deny"; results: ReviewResult[] }): Omit<ReviewOutcome, "org"> {
  const done = results.filter((r) => r.outcome === "approved" || r.outcome === "denied").length;
  const gone = results.filter((r) => r.outcome === "gone").length;
  const failures = results.filter((r) => r.outcome === "failed");
  const parts: string[] = [];
  if (done > 0) parts.push(`${decision === "approve" ? "Approved" : "Denied"} ${count(done)}.`);
  if (gone > 0) parts.push(`${count(gone)} ${gone === 1 ? "was" : "were"} no longer pending in GitHub (reviewed or withdrawn elsewhere).`);
  if (failures.length > 0) {
    const n = failures.length;
    parts.push(`${count(n)} could not be ${decision === "approve" ? "approved" : "denied"}: ${failures[0]!.error ?? "GitHub gave no reason"}. ${n === 1 ? "It stays" : "They stay"} pending; try again later.`);
  }
  return { done, gone, failed: failures.length, message: parts.join(" ") || "Nothing was reviewed." };
}

export async function reviewPendingRequests({ viewer, org, ids, decision, reason }: {
  viewer: Viewer | null; org: string; ids: number[]; decision: "approve" | "deny"; reason: string;
}): Promise<ReviewOutcome> {
  const { org: row } = await checkOrgAccess({ viewer, org, need: "revoke" });
  const { results } = await getDashboardRuntime().engine.requests.review({
    orgId: row.id, ids, decision, reason, actor: viewer!.login, actorType: "user",
  });
  return { org: row.login, ...describeReview({ decision, results }) };
}
