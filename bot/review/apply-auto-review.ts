// Runs request auto-review for one newly created request: only under a valid policy file, with the
// request's complete repository list, through the ordinary review engine (so GitHub gets the reason
// and the audit log the rule). A failed review leaves the request pending for a human.
import type { Db } from "../../db/client.ts";
import { appendAudit } from "../../db/queries/audit.ts";
import { getRequest } from "../../db/queries/requests.ts";
import type { OctokitLike } from "../github/calls.ts";
import { getEffectivePolicy, POLICY_ACTOR } from "../policies/index.ts";
import type { OrgRef } from "../sync/index.ts";
import { recordRun } from "../sync/record-run.ts";
import { syncRepositories } from "../sync/sync-repositories.ts";
import { decideRequest, type RequestDecision } from "./auto-review.ts";
import { reviewRequests } from "./review-requests.ts";

export type AutoReviewOutcome =
  | { status: "skipped"; why: string }
  | { status: "pending"; why: string }
  | { status: "approved" | "denied" | "failed"; decision: RequestDecision; error?: string };

/** The part of Probot's (pino) logger this uses. */
export type AutoReviewLog = { [K in "info" | "warn" | "error"]: (fields: Record<string, unknown>, msg: string) => unknown };

export async function autoReviewRequest({ db, octokit, org, requestId, log, now = () => new Date(), pacingMs }: {
  db: Db; octokit: OctokitLike; org: OrgRef; requestId: number; log: AutoReviewLog; now?: () => Date; pacingMs?: number;
}): Promise<AutoReviewOutcome> {
  const policy = await getEffectivePolicy({ db, orgId: org.id });
  // Defaults never decide for anyone; a broken file is never half-applied.
  if (policy.status !== "valid") return { status: "skipped", why: `policy file is ${policy.status === "default" ? "absent" : "invalid"}` };
  const rules = policy.config.requests;
  if (rules.deny.length === 0 && rules.approve.length === 0) return { status: "skipped", why: "no request rules" };
  let request = await getRequest({ db, orgId: org.id, requestId });
  if (!request || request.status !== "pending") return { status: "skipped", why: "request is not pending" };
  if (request.repositorySelection === "subset" && request.repositoryCount !== request.repositories.length) {
    // The webhook lists repositories only up to a limit; the sync helper fetches the whole list.
    await recordRun({ db, octokit, org, kind: "requests", trigger: "auto-review", now,
      log: { info: (m) => log.info({ requestId }, m), warn: (m) => log.warn({ requestId }, m) }, step: (ctx) => syncRepositories({ ctx, of: "request", id: requestId }) });
    request = (await getRequest({ db, orgId: org.id, requestId }))!;
  }
  const complete = request.repositorySelection !== "subset" || request.repositoryCount === request.repositories.length;
  const decision = decideRequest({
    request: { ...request, repositories: complete ? request.repositories.map((r) => r.name) : null },
    rules,
    now: now(),
  });
  if (!decision) return { status: "pending", why: "no request rule matched; a person decides" };
  const action = decision.decision;
  const auditDetails = { auto: true, rule: decision.rule, when: decision.when };
  try {
    const { results } = await reviewRequests({
      db, octokit, orgId: org.id, requestIds: [requestId], action, reason: decision.reason,
      actor: POLICY_ACTOR, actorType: "app", method: "single", pacingMs, now, auditDetails,
    });
    const r = results[0]!;
    if (r.outcome === "failed") log.warn({ requestId, rule: decision.rule, error: r.error }, "auto-review failed; the request stays pending");
    return { status: r.outcome === "approved" || r.outcome === "denied" ? r.outcome : "failed", decision, ...(r.error ? { error: r.error } : {}) };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    log.error({ requestId, rule: decision.rule, error }, "auto-review failed; the request stays pending");
    await appendAudit({
      db, orgId: org.id, actor: POLICY_ACTOR, actorType: "app", action: `request.${action}`, targetType: "pat_request", targetId: requestId,
      reason: decision.reason, result: "failure", details: { ...auditDetails, outcome: "failed", error },
    });
    return { status: "failed", decision, error };
  }
}
