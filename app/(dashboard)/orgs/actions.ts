"use server";
// Connection switches on the orgs page. Each action is its own security boundary:
// parse input → session → owner of this org → act → audit → a sentence for the UI.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { appendAudit } from "../../../db/queries/audit.ts";
import { getSyncLease, setOrgSyncPaused } from "../../../db/queries/orgs.ts";
import { deleteOrgData } from "../../../db/queries/overview.ts";
import { describeError } from "../../_data/attempt.ts";
import { checkOrgAccess } from "../../_data/org-access.ts";
import { getDashboardRuntime } from "../../_data/runtime.ts";
import { getViewer } from "../../_data/viewer.ts";

export type ActionState = { ok: boolean; message: string } | null;

const OrgForm = z.object({ org: z.string().min(1).max(100) });
const PauseForm = OrgForm.extend({ paused: z.enum(["true", "false"]) });
const DisconnectForm = OrgForm.extend({ confirm: z.string() });

async function run(formData: FormData, act: (input: Record<string, string>) => Promise<string>): Promise<ActionState> {
  try {
    const message = await act(Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>);
    revalidatePath("/orgs");
    return { ok: true, message };
  } catch (error) {
    return { ok: false, message: error instanceof z.ZodError ? "The form was incomplete; reload the page and try again." : describeError(error) };
  }
}

async function ownerOf(org: string) {
  const viewer = await getViewer();
  const ctx = await checkOrgAccess({ viewer, org, need: "manage" });
  return { viewer: viewer!, ...ctx };
}

export async function syncNowAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(formData, async (input) => {
    const { org } = OrgForm.parse(input);
    const { viewer, org: row } = await ownerOf(org);
    const { db, requestSync } = getDashboardRuntime();
    if (!requestSync) return `Syncing from the dashboard needs the patwarden server; run \`npx patwarden sync --org ${row.login}\` instead.`;
    const result = await requestSync({ orgId: row.id, login: row.login, actor: viewer.login });
    await appendAudit({
      db, orgId: row.id, actor: viewer.login, actorType: "user", action: "org.sync_requested", targetType: "org", targetId: row.id,
      result: result.ok ? "success" : "failure", details: { message: result.message },
    });
    if (!result.ok) throw Object.assign(new Error(result.message), { kind: "Conflict" });
    return result.message;
  });
}

export async function setPausedAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(formData, async (input) => {
    const { org, paused } = PauseForm.parse(input);
    const { viewer, org: row } = await ownerOf(org);
    const { db } = getDashboardRuntime();
    const pause = paused === "true";
    const changed = row.syncPaused !== pause;
    if (changed) await setOrgSyncPaused({ db, orgId: row.id, paused: pause });
    await appendAudit({
      db, orgId: row.id, actor: viewer.login, actorType: "user", action: pause ? "org.pause" : "org.resume",
      targetType: "org", targetId: row.id, result: changed ? "success" : "skipped",
    });
    return pause ? `Syncing of ${row.login} is paused.` : `Syncing of ${row.login} is resumed.`;
  });
}

export async function disconnectAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(formData, async (input) => {
    const { org, confirm } = DisconnectForm.parse(input);
    const { viewer, org: row } = await ownerOf(org);
    if (confirm.trim() !== row.login) {
      throw Object.assign(new Error(`Type the org name exactly (${row.login}) to disconnect it.`), { kind: "InvalidInput" });
    }
    const { db, now } = getDashboardRuntime();
    // A sync still writing would fail half-way against the deleted org (or re-create rows).
    const lease = await getSyncLease({ db, orgId: row.id });
    if (lease.until && lease.until > now()) {
      throw Object.assign(new Error(`A sync of ${row.login} is running; disconnect it when the sync has finished.`), { kind: "Conflict" });
    }
    const { grants } = await deleteOrgData({ db, orgId: row.id });
    await appendAudit({
      db, orgId: row.id, actor: viewer.login, actorType: "user", action: "org.disconnect", targetType: "org", targetId: row.id,
      result: "success", details: { login: row.login, grantsDeleted: grants },
    });
    return `${row.login} is disconnected: its ${grants.toLocaleString("en-US")} grants and sync history were deleted from patwarden. The App stays installed in GitHub until an owner uninstalls it.`;
  });
}
