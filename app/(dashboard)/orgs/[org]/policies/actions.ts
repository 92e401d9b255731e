"use server";
// The policies page's buttons. Each is its own security boundary: parse input → session → access
// to this org → the policy engine → a sentence and, for a dry run, the run's page.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { toFailure, type Failure } from "../../../../_data/action-failure.ts";
import { dryRunPoliciesFor, reloadPolicyFor } from "../../../../_data/policies.ts";
import { getViewer } from "../../../../_data/viewer.ts";

const OrgInput = z.object({ org: z.string().trim().min(1).max(100) });
const STATUS_TEXT = { default: "no policy file: the safe defaults apply", valid: "the file is valid and applies", invalid: "the file is invalid and does not apply" } as const;

export async function reloadPolicyAction(input: unknown): Promise<{ ok: true; message: string } | Failure> {
  try {
    const { org } = OrgInput.parse(input);
    const r = await reloadPolicyFor({ viewer: await getViewer(), org });
    revalidatePath(`/orgs/${encodeURIComponent(r.login)}/policies`);
    return { ok: true, message: `Read from GitHub: ${STATUS_TEXT[r.status]}${r.errors ? ` (${r.errors} error${r.errors === 1 ? "" : "s"})` : ""}.` };
  } catch (error) {
    return toFailure(error);
  }
}

export async function dryRunPolicyAction(input: unknown): Promise<{ ok: true; href: string; message: string } | Failure> {
  try {
    const { org } = OrgInput.parse(input);
    const r = await dryRunPoliciesFor({ viewer: await getViewer(), org });
    const base = `/orgs/${encodeURIComponent(r.login)}/policies`;
    revalidatePath(base);
    const message = r.skippedReason ? `Dry run ${r.runId} was skipped: ${r.skippedReason}.` : `Dry run ${r.runId}: ${r.items} planned item${r.items === 1 ? "" : "s"}; nothing was changed.`;
    return { ok: true, href: `${base}/runs/${r.runId}`, message };
  } catch (error) {
    return toFailure(error);
  }
}
