// personal_access_token_request.created | approved | denied | cancelled: the request queue stays
// current in real time; an approval fetches the new grant with one token_id[] call, not a sweep.
import { appendAudit } from "../../db/queries/audit.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import { autoReviewRequest } from "../review/apply-auto-review.ts";
import { resolveRequest, syncGrantsByTokenIds, upsertRequestFromWebhook } from "../sync/index.ts";
import type { Handler } from "./route.ts";

export type PatRequestEvent =
  | "personal_access_token_request.created"
  | "personal_access_token_request.approved"
  | "personal_access_token_request.denied"
  | "personal_access_token_request.cancelled";

export const handlePatRequest: Handler<PatRequestEvent> = async ({ octokit, payload, log, db, jobs }) => {
  const org = await getOrg({ db, orgId: payload.organization.id });
  if (!org) {
    log.warn({ org: payload.organization.login }, "PAT request for an org patwarden does not know; ignored until it is synced");
    return "ignored";
  }
  const request = payload.personal_access_token_request;
  const ref = { id: org.id, login: org.login };
  const details: Record<string, unknown> = { tokenId: request.token_id, tokenName: request.token_name, owner: request.owner.login };
  if (payload.action === "created") {
    await upsertRequestFromWebhook({ db, orgId: org.id, request });
  } else {
    await resolveRequest({ db, orgId: org.id, requestId: request.id, status: payload.action });
    if (payload.action === "approved") {
      const synced = await syncGrantsByTokenIds({ db, octokit, org: ref, tokenIds: [request.token_id] });
      details.grantSync = synced;
    }
  }
  await appendAudit({
    db,
    orgId: org.id,
    actor: payload.sender.login,
    actorType: "webhook",
    action: `request.${payload.action}`,
    targetType: "pat_request",
    targetId: request.id,
    result: "success",
    details,
  });
  log.info({ requestId: request.id, action: payload.action }, "PAT request updated");
  if (payload.action === "created") {
    // After the request is stored and its arrival audited, the policy's request rules may decide it.
    // In the background: paced retries of a failing review would outlast GitHub's 10 s delivery timeout.
    jobs.run("request-auto-review", async () => {
      const auto = await autoReviewRequest({ db, octokit, org: ref, requestId: request.id, log });
      log.info({ requestId: request.id, autoReview: auto.status, ...("decision" in auto ? { rule: auto.decision.rule } : { why: auto.why }) }, "request auto-review");
    });
  }
  return "processed";
};
