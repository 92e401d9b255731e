// organization.member_removed: the member's grants are refreshed with one owner-filtered listing,
// and flagged as belonging to someone who left (GitHub sends no webhook for the grants themselves);
// then the org's policy reports what offboarding would remove, or offboards them there.
import type { Handler } from "./route.ts";

export const handleOrganization: Handler<"organization.member_removed"> = async ({ engine, octokit, payload, log }) => {
  const login = payload.membership.user?.login;
  const result = login
    ? await engine.sync.applyMemberRemoved({ orgId: payload.organization.id, member: login, sender: payload.sender.login }, { octokit })
    : null;
  if (!login || !result) {
    log.warn({ org: payload.organization.login }, "member_removed for an unknown org or user; ignored");
    return "ignored";
  }
  // The org's policy (offboarding.onMemberRemoved): report what offboarding would remove, or offboard.
  const policy = await engine.people.applyMemberRemoved({ orgId: payload.organization.id, login });
  log.info({ member: login, mode: policy?.mode, offboardingId: policy?.offboardingId, note: policy?.note }, "member removed; their grants refreshed");
  return "processed";
};
