// organization.member_removed: the member's grants are refreshed with one owner-filtered listing,
// and flagged as belonging to someone who left (GitHub sends no webhook for the grants themselves).
import { appendAudit } from "../../db/queries/audit.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import { syncOwnerGrants } from "../sync/index.ts";
import type { Handler } from "./route.ts";

export const handleOrganization: Handler<"organization.member_removed"> = async ({ octokit, payload, log, db }) => {
  const org = await getOrg({ db, orgId: payload.organization.id });
  const login = payload.membership.user?.login;
  if (!org || !login) {
    log.warn({ org: payload.organization.login }, "member_removed for an unknown org or user; ignored");
    return "ignored";
  }
  const result = await syncOwnerGrants({ db, octokit, org: { id: org.id, login: org.login }, owner: login });
  await appendAudit({
    db,
    orgId: org.id,
    actor: payload.sender.login,
    actorType: "webhook",
    action: "member.removed",
    targetType: "user",
    targetId: login,
    result: "success",
    details: { ownerGrantSync: result },
  });
  log.info({ member: login }, "member removed; their grants refreshed");
  return "processed";
};
