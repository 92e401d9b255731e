// Engine verbs for requests: the pending queue, approve/deny (one or in bulk), the policy's auto-review,
// and the personal_access_token_request webhook. Each verb takes one object and returns plain data (the
// embedded-mode bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine
// (bot/engine.ts). An optional second argument carries what only a local caller has (a webhook's client, a logger).
import { appendAudit, type AppendAuditInput } from "../../db/queries/audit.ts";
import { recordDecision } from "../../db/queries/audit-decisions.ts";
import { countRequests, listRequestsPage, type RequestWithRepositories } from "../../db/queries/requests.ts";
import { isExpired } from "../../model/categories.ts";
import { flattenPermissions, sortByStrength, type HeldPermission } from "../../model/permissions.ts";
import type { RiskScore } from "../../model/risk.ts";
import type { RequestStatus } from "../../model/statuses.ts";
import { decodeTimeKeyset } from "../../model/time-cursor.ts";
import type { EngineContext } from "../engine-context.ts";
import type { OctokitLike } from "../github/calls.ts";
import { clientFor, findActingOrg, getActingOrg } from "../orgs/acting-org.ts";
import { resolveRequest, syncGrantsByTokenIds, upsertRequestFromWebhook } from "../sync/index.ts";
import { autoReviewRequest, type AutoReviewLog, type AutoReviewOutcome } from "./apply-auto-review.ts";
import type { ReviewAction } from "./github-calls.ts";
import { scoreRequest } from "./request-risk.ts";
import { reviewRequests, type ReviewResult } from "./review-requests.ts";

export type { AutoReviewOutcome, RequestWithRepositories, ReviewAction, ReviewResult };

/** A pending request as the dashboard's queue shows it. */
export type RequestRow = {
  id: number;
  tokenName: string;
  ownerLogin: string;
  reason: string | null;
  /** Strongest first, then by name: the columns show what matters before "+N more". */
  permissions: HeldPermission[];
  selection: "all" | "subset" | "none";
  /** Every repository asked for, by full name (the page shows them all, folded when long). */
  repositories: string[];
  repositoryCount: number | null;
  createdAt: Date;
  expiresAt: Date | null;
  expired: boolean;
  /** The score of the grant it becomes if approved now, with its reasons. */
  risk: RiskScore;
};

function toRequestRow(r: RequestWithRepositories, now: Date): RequestRow {
  return {
    id: r.id,
    tokenName: r.tokenName,
    ownerLogin: r.ownerLogin,
    reason: r.reason,
    permissions: sortByStrength(flattenPermissions(r.permissions)),
    selection: r.repositorySelection,
    repositories: r.repositories.map((repo) => repo.fullName),
    repositoryCount: r.repositorySelection === "subset" ? (r.repositoryCount ?? r.repositories.length) : null,
    createdAt: r.createdAt,
    expiresAt: r.tokenExpiresAt,
    expired: isExpired(r, now),
    risk: scoreRequest(r, now),
  };
}

export type WebhookRequestAction = "created" | "approved" | "denied" | "cancelled";

/** The most requests one `requests.list` page holds (the CLI walks pages for more). */
export const REQUEST_PAGE_MAX = 10_000;

export function createRequestVerbs(ctx: EngineContext) {
  return {
    /**
     * A page of the org's requests with their repositories and risk: pending oldest first (the review
     * queue), any other status newest first; `limit` rows (default and most: REQUEST_PAGE_MAX), each
     * with its `cursor`. `after`/`before` a cursor: the newer/older rows past it; `newer`/`older`: the
     * cursors to pass for the rows past this page either way, null when there are none.
     */
    async list({ orgId, status = "pending", after, before, limit = REQUEST_PAGE_MAX }: {
      orgId: number; status?: RequestStatus | "all"; after?: string; before?: string; limit?: number;
    }): Promise<{ rows: (RequestWithRepositories & { risk: RiskScore; cursor: string })[]; newer: string | null; older: string | null }> {
      const cursor = decodeTimeKeyset({ after, before, list: "requests" });
      const page = await listRequestsPage({ db: ctx.db, orgId, status, limit: Math.min(limit, REQUEST_PAGE_MAX), ...cursor });
      const now = ctx.now();
      return {
        rows: page.rows.map((r, i) => ({ ...r, risk: scoreRequest(r, now), cursor: page.cursors[i]! })),
        newer: page.newer, older: page.older,
      };
    },

    /**
     * The pending queue, oldest first: `limit` rows (from the start, or past an `after`/`before` cursor),
     * how many are pending in all, and the cursors of the next (`newer`) and previous (`older`) pages.
     */
    async queue({ orgId, limit, after, before }: { orgId: number; limit: number; after?: string; before?: string }): Promise<{
      total: number; rows: RequestRow[]; newer: string | null; older: string | null;
    }> {
      const cursor = decodeTimeKeyset({ after, before, list: "requests" });
      // Only the shown rows are read with their repositories and scored; the rest are counted.
      const [total, shown] = await Promise.all([
        countRequests({ db: ctx.db, orgId, status: "pending" }),
        listRequestsPage({ db: ctx.db, orgId, status: "pending", limit, ...cursor }),
      ]);
      const now = ctx.now();
      return { total: Math.max(total, shown.rows.length), rows: shown.rows.map((r) => toRequestRow(r, now)), newer: shown.newer, older: shown.older };
    },

    /**
     * Approves or denies pending requests (≤ 100 a GitHub call) with a reason that goes to GitHub
     * and the audit log; bad input (reason, ids not pending in this org) calls nothing.
     */
    async review({ orgId, ids, decision, reason, actor, actorType }: {
      orgId: number; ids: number[]; decision: ReviewAction; reason: string; actor: string; actorType: AppendAuditInput["actorType"];
    }): Promise<{ results: ReviewResult[] }> {
      const org = await getActingOrg(ctx, orgId);
      const octokit = clientFor(ctx, { org, doing: "Reviewing", command: "review" });
      const { results } = await reviewRequests({ db: ctx.db, octokit, orgId, requestIds: ids, action: decision, reason, actor, actorType });
      return { results };
    },

    /**
     * A personal_access_token_request webhook: a new request is stored, a settled one leaves the
     * queue (an approval fetches the new grant with one token_id[] call), and the event is audited.
     * null when patwarden does not know the org (it is picked up by the org's first sync).
     */
    async applyWebhook({ orgId, action, request, sender, deliveryId }: {
      orgId: number; action: WebhookRequestAction; request: { id: number; token_id: number; token_name: string; owner: { login: string } }; sender: string;
      /** X-GitHub-Delivery, kept with the audit entry (or linked to the decision patwarden recorded). */
      deliveryId?: string;
    }, hooks: { octokit?: OctokitLike } = {}): Promise<{ org: { id: number; login: string } } | null> {
      const org = await findActingOrg(ctx, orgId);
      if (!org) return null;
      const ref = { id: org.id, login: org.login };
      const details: Record<string, unknown> = { tokenId: request.token_id, tokenName: request.token_name, owner: request.owner.login };
      if (action === "created") {
        await upsertRequestFromWebhook({ db: ctx.db, orgId: org.id, request });
      } else {
        await resolveRequest({ db: ctx.db, orgId: org.id, requestId: request.id, status: action });
        if (action === "approved") {
          const octokit = clientFor(ctx, { org, octokit: hooks.octokit, doing: "Fetching an approved request's grant", command: "sync" });
          details.grantSync = await syncGrantsByTokenIds({ db: ctx.db, octokit, org: ref, tokenIds: [request.token_id] });
        }
      }
      if (action === "approved" || action === "denied") {
        // One entry per decision: a review made in patwarden already has one, and this delivery is linked to it.
        const entry = { actor: sender, actorType: "webhook", action: `request.${action}`, details, ...(deliveryId ? { deliveryId } : {}) };
        await ctx.db.transaction((tx) => recordDecision({ db: tx, orgId: org.id, requestId: request.id, decision: action, entry }));
        return { org: ref };
      }
      await appendAudit({
        db: ctx.db, orgId: org.id, actor: sender, actorType: "webhook", action: `request.${action}`,
        targetType: "pat_request", targetId: request.id, result: "success", details: { ...details, ...(deliveryId ? { deliveryId } : {}) },
      });
      return { org: ref };
    },

    /**
     * The policy's request rules applied to one newly created request (only under a valid policy
     * file); a failed review leaves it pending for a person. Slow on retries: webhooks run it in the background.
     */
    async autoReview({ orgId, requestId }: { orgId: number; requestId: number }, hooks: { octokit?: OctokitLike; log?: AutoReviewLog } = {}): Promise<AutoReviewOutcome> {
      const org = await getActingOrg(ctx, orgId);
      const octokit = clientFor(ctx, { org, octokit: hooks.octokit, doing: "Request auto-review", command: "review" });
      return autoReviewRequest({ db: ctx.db, octokit, org: { id: org.id, login: org.login }, requestId, log: hooks.log ?? ctx.log });
    },
  };
}
