"use server";
// Connection switches on the orgs page. Each action is its own security boundary:
// parse input → session → owner of this org → act → audit → a sentence for the UI.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { Conflict } from "../../../model/errors.ts";
import { describeError } from "../../_data/attempt.ts";
import { checkOrgAccess } from "../../_data/org-access.ts";
import { getDashboardRuntime } from "../../_data/runtime.ts";
import { getViewer } from "../../_data/viewer.ts";

export type ActionState = { ok: boolean; message: string } | null;

const OrgForm = z.object({ org: z.string().min(1).max(100) });
const PauseForm = OrgForm.extend({ paused: z.enum(["true", "false"]) });
const DisconnectForm = OrgForm.extend({ confirm: z.string() });

/** A refusal the person can fix in the form, said as it is (no field name in front). */
type Refusal = { refused: string };

async function run(formData: FormData, act: (input: Record<string, string>) => Promise<string | Refusal>): Promise<ActionState> {
  try {
    const message = await act(Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>);
    if (typeof message !== "string") return { ok: false, message: message.refused };
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
    const result = await getDashboardRuntime().engine.orgs.syncNow({ login: row.login, actor: viewer.login });
    if (!result.ok) throw new Conflict(result.message);
    return result.message;
  });
}

export async function setPausedAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(formData, async (input) => {
    const { org, paused } = PauseForm.parse(input);
    const { viewer, org: row } = await ownerOf(org);
    const { orgs } = getDashboardRuntime().engine;
    const pause = paused === "true";
    await (pause ? orgs.pause : orgs.resume)({ login: row.login, actor: viewer.login });
    return pause ? `Syncing of ${row.login} is paused.` : `Syncing of ${row.login} is resumed.`;
  });
}

export async function disconnectAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return run(formData, async (input) => {
    const { org, confirm } = DisconnectForm.parse(input);
    const { viewer, org: row } = await ownerOf(org);
    if (confirm.trim() !== row.login) return { refused: `Type the org name exactly (${row.login}) to disconnect it.` };
    const { grants } = await getDashboardRuntime().engine.orgs.disconnect({ login: row.login, actor: viewer.login });
    return `${row.login} is disconnected: its ${grants.toLocaleString("en-US")} grants and sync history were deleted from patwarden. The App stays installed in GitHub until an owner uninstalls it.`;
  });
}
