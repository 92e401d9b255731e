// organization.member_removed: the member's grants are refreshed with one owner-filtered listing,
// and flagged as belonging to someone who left (GitHub sends no webhook for the grants themselves).
import type { Handler } from "./route.ts";

export const handleOrganization: Handler<"organization.member_removed"> = async ({ engine, octokit, payload, log }) => {
  const login = payload.membership.user?.login;
  const result = login
    ? await engine.sync.applyMemberRemoved({ orgId: payload.organization.id, member: login, sender: payload.sender.login }, { octokit })
    : null;
  if (!result) {
    log.warn({ org: payload.organization.login }, "member_removed for an unknown org or user; ignored");
    return "ignored";
  }
  log.info({ member: login }, "member removed; their grants refreshed");
  return "processed";
};
