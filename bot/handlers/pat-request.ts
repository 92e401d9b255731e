// personal_access_token_request.created | approved | denied | cancelled: the request queue stays
// current in real time; an approval fetches the new grant with one token_id[] call, not a sweep.
import type { Handler } from "./route.ts";

export type PatRequestEvent =
  | "personal_access_token_request.created"
  | "personal_access_token_request.approved"
  | "personal_access_token_request.denied"
  | "personal_access_token_request.cancelled";

export const handlePatRequest: Handler<PatRequestEvent> = async ({ engine, octokit, payload, log, jobs, deliveryId }) => {
  const request = payload.personal_access_token_request;
  const applied = await engine.requests.applyWebhook(
    { orgId: payload.organization.id, action: payload.action, request, sender: payload.sender.login, deliveryId },
    { octokit },
  );
  if (!applied) {
    log.warn({ org: payload.organization.login }, "PAT request for an org patwarden does not know; ignored until it is synced");
    return "ignored";
  }
  log.info({ requestId: request.id, action: payload.action }, "PAT request updated");
  if (payload.action === "created") {
    // After the request is stored and its arrival audited, the policy's request rules may decide it.
    // In the background: paced retries of a failing review would outlast GitHub's 10 s delivery timeout.
    jobs.run("request-auto-review", async () => {
      const auto = await engine.requests.autoReview({ orgId: applied.org.id, requestId: request.id }, { octokit, log });
      log.info({ requestId: request.id, autoReview: auto.status, ...("decision" in auto ? { rule: auto.decision.rule } : { why: auto.why }) }, "request auto-review");
    });
  }
  return "processed";
};
