// Starting an offboarding: checks, then one offboarding row and, for every chosen org where the
// person holds something, a revocation job (grants + credentials, frozen) pointing at it. Each
// part is an ordinary revocation job: run, resumed by the worker, audited item by item.
import type { Db } from "../../db/client.ts";
import { appendAudit, type AppendAuditInput } from "../../db/queries/audit.ts";
import { insertOffboarding } from "../../db/queries/offboardings.ts";
import { Conflict, InvalidInput } from "../../model/errors.ts";
import { plural } from "../../model/words.ts";
import { insertJobOf } from "../revoke/insert-job.ts";
import { overlapError } from "../revoke/overlap.ts";
import { checkReason } from "../revoke/selection.ts";
import { planOffboarding, previewOf } from "./plan.ts";
import { getOffboarding, type OffboardingView } from "./view.ts";

export type CreateOffboardingOptions = {
  db: Db;
  login: string;
  /** Org logins; every installed org when absent. */
  orgs?: string[];
  reason: string;
  actor: string;
  actorType: AppendAuditInput["actorType"];
  /** The login typed by the person; required above CONFIRM_LOGIN_ABOVE items. */
  confirmation?: string;
  /** The item count the person saw in the preview: a change since is a Conflict. */
  expectItems?: number;
  /** Holds every part's lease for this runner from the start (then pass it to runOffboarding). */
  runnerId?: string;
  now?: Date;
};

export async function createOffboarding(opts: CreateOffboardingOptions): Promise<OffboardingView> {
  const { db, actor, actorType, now = new Date() } = opts;
  const reason = checkReason(opts.reason);
  const plans = await planOffboarding({ db, login: opts.login, orgs: opts.orgs });
  const preview = previewOf({ login: opts.login, plans });
  const login = preview.login;
  if (preview.totals.items === 0) {
    throw new InvalidInput("login", `${login} holds no active grants or SSO credential authorizations in ${plans.map((p) => p.org.login).join(", ") || "any installed organization"}; nothing to remove`);
  }
  if (opts.expectItems !== undefined && opts.expectItems !== preview.totals.items) {
    throw new Conflict(`${login} now holds ${preview.totals.items} items, not the ${opts.expectItems} previewed (a sync changed the inventory); preview again`);
  }
  if (preview.confirmLogin && opts.confirmation?.trim().toLowerCase() !== login.toLowerCase()) {
    throw new InvalidInput("confirmation", `type the login "${login}" to remove ${plural(preview.totals.items, "grant or credential", "grants and credentials")}`);
  }
  const blocked = plans.find((p) => p.overlapping.length);
  if (blocked) throw overlapError({ login: blocked.org.login, overlapping: blocked.overlapping, selected: blocked.grants.length + blocked.credentials.length });

  const row = await insertOffboarding({ db, row: { login, reason, requestedBy: actor, actorType, orgs: plans.map((p) => p.org.login), createdAt: now } });
  await appendAudit({
    db, orgId: null, actor, actorType, action: "offboarding.create", targetType: "person", targetId: login, reason, result: "success", at: now,
    details: { offboardingId: row.id, orgs: preview.orgs.map((o) => ({ org: o.org.login, grants: o.grants, credentials: o.credentials, calls: o.calls })) },
  });
  // One part per org with something to remove; a race with another job refuses that part (named),
  // and the parts already written stay: they are the offboarding's, shown and resumable.
  for (const p of plans.filter((x) => x.grants.length + x.credentials.length > 0)) {
    await insertJobOf({
      db, org: p.org, grants: p.grants, credentials: p.credentials, selection: { kind: "offboarding", login, offboardingId: row.id },
      reason, actor, actorType, runnerId: opts.runnerId, offboardingId: row.id, now,
    });
  }
  return getOffboarding({ db, id: row.id });
}
