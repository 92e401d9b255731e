"use server";
// Removing SSO credential authorizations from the credentials page. Each action is its own security
// boundary: parse input → session → revoke access to this org → act → a small answer for the UI.
import { z } from "zod";
import { REASON_MAX_CHARS } from "../../../../../model/reason.ts";
import { toFailure, type Failure } from "../../../../_data/action-failure.ts";
import { previewCredentialRemovalFor, startCredentialRemoval, type CredentialRemovalPreviewView } from "../../../../_data/credential-removal.ts";
import { getViewer } from "../../../../_data/viewer.ts";

const Org = z.string().trim().min(1).max(100);
const Target = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("ids"),
    ids: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).min(1, "Select at least one credential.").max(10_000, "Select at most 10,000 credentials at once."),
  }),
  z.object({ kind: z.literal("filter"), query: z.string().max(4000) }),
]);
const Reason = z.string().trim()
  .min(1, "Give a reason: it is recorded with every removed authorization.")
  .refine((s) => [...s].length <= REASON_MAX_CHARS, { message: `The reason is too long: at most ${REASON_MAX_CHARS} characters.` });

export async function previewCredentialRemovalAction(input: unknown): Promise<({ ok: true } & CredentialRemovalPreviewView) | Failure> {
  try {
    const { org, target } = z.object({ org: Org, target: Target }).parse(input);
    return { ok: true, ...await previewCredentialRemovalFor({ viewer: await getViewer(), org, target }) };
  } catch (error) {
    return toFailure(error);
  }
}

export async function startCredentialRemovalAction(input: unknown): Promise<{ ok: true; jobId: number; href: string } | Failure> {
  try {
    const { org, target, reason, confirmation, expectCount } = z.object({
      org: Org, target: Target, reason: Reason, confirmation: z.string().max(100).optional(), expectCount: z.number().int().nonnegative().optional(),
    }).parse(input);
    const started = await startCredentialRemoval({ viewer: await getViewer(), org, target, reason, confirmation, expectCount });
    return { ok: true, jobId: started.jobId, href: `/orgs/${encodeURIComponent(started.org)}/revocations/${started.jobId}` };
  } catch (error) {
    return toFailure(error);
  }
}
