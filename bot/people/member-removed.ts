// organization.member_removed, after the member's grants are refreshed: the org's policy says
// whether to report what offboarding would remove (the default: one audit entry) or to offboard
// the person in that org (a persisted, resumable offboarding; actor "policy").
import { appendAudit } from "../../db/queries/audit.ts";
import { safeErrorMessage } from "../../model/database-errors.ts";
import type { EngineContext } from "../engine-context.ts";
import { planOffboarding, previewOf, type OffboardingPreview } from "../offboard/index.ts";
import { createOffboardingVerbs } from "../offboard/verbs.ts";
import { findActingOrg } from "../orgs/acting-org.ts";
import { getEffectivePolicy } from "../policies/effective.ts";

export type MemberRemovedOutcome = {
  mode: "report" | "offboard";
  /** What offboarding removes (or would remove) in the org. */
  preview: OffboardingPreview;
  /** offboard mode with something to remove: the offboarding started. */
  offboardingId: number | null;
  /** Why offboard mode did not start one (nothing held, the stop switch, an error in words). */
  note: string | null;
};

export async function applyMemberRemovedPolicy(ctx: EngineContext, { orgId, login }: { orgId: number; login: string }): Promise<MemberRemovedOutcome | null> {
  const org = await findActingOrg(ctx, orgId);
  if (!org) return null;
  const { config } = await getEffectivePolicy({ db: ctx.db, orgId });
  const preview = previewOf({ login, plans: await planOffboarding({ db: ctx.db, login, orgs: [org.login] }) });
  const wanted = config.offboarding.onMemberRemoved;
  const stopped = config.enforcement.stop;
  let offboardingId: number | null = null;
  let note: string | null = null;
  if (wanted === "offboard" && stopped) note = "the policy's enforcement.stop switch is on: reported only";
  else if (wanted === "offboard" && preview.totals.items === 0) note = `${login} holds nothing in ${org.login}`;
  else if (wanted === "offboard") {
    try {
      const started = await createOffboardingVerbs(ctx).start({
        login, orgs: [org.login], reason: `member removed from ${org.login}`, actor: "policy", actorType: "app",
        confirmation: login, expectItems: preview.totals.items,
      });
      offboardingId = started.id;
    } catch (error) {
      note = `offboarding was not started: ${safeErrorMessage(error)}`;
    }
  }
  const mode = offboardingId === null ? "report" : "offboard";
  const totals = preview.totals;
  await appendAudit({
    db: ctx.db, orgId: org.id, actor: "policy", actorType: "app",
    action: mode === "offboard" ? "offboarding.on_member_removed" : "offboarding.report",
    targetType: "person", targetId: login,
    reason: mode === "offboard" ? `member removed from ${org.login}` : `would remove ${totals.grants} grants and ${totals.credentials} SSO credentials (${totals.calls} API calls)`,
    result: wanted === "offboard" && offboardingId === null && preview.totals.items > 0 ? "failure" : "success",
    details: { policy: wanted, grants: totals.grants, credentials: totals.credentials, calls: totals.calls, offboardingId, note },
  });
  return { mode, preview, offboardingId, note };
}
