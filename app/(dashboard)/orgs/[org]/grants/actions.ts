"use server";
// Revocation from the grants table and the grant page. Each action is its own security boundary:
// parse input → session → revoke access to this org (owner, or a security team in revoke mode)
// → act → a small answer for the UI. Errors come back as sentences, never as thrown pages.
import { z } from "zod";
import { REASON_MAX_CHARS } from "../../../../../model/reason.ts";
import { toFailure, type Failure } from "../../../../_data/action-failure.ts";
import { previewRevocationFor, revokeOneGrant, startRevocation, type RevokePreviewView } from "../../../../_data/revocations.ts";
import { getViewer } from "../../../../_data/viewer.ts";

const Org = z.string().trim().min(1).max(100);
const GrantId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Target = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("ids"),
    ids: z.array(GrantId).min(1, "Select at least one grant to revoke.").max(10_000, "Select at most 10,000 grants at once."),
  }),
  z.object({ kind: z.literal("filter"), query: z.string().max(4000) }),
]);
const Reason = z.string().trim()
  .min(1, "Give a reason: it is recorded with every revoked grant.")
  .refine((s) => [...s].length <= REASON_MAX_CHARS, { message: `The reason is too long: at most ${REASON_MAX_CHARS} characters.` });

const PreviewInput = z.object({ org: Org, target: Target });
const StartInput = z.object({
  org: Org, target: Target, reason: Reason,
  confirmation: z.string().max(100).optional(),
  expectCount: z.number().int().nonnegative().optional(),
});
const RevokeOneInput = z.object({ org: Org, grantId: GrantId, reason: Reason });

export async function previewRevocationAction(input: unknown): Promise<({ ok: true } & RevokePreviewView) | Failure> {
  try {
    const { org, target } = PreviewInput.parse(input);
    const preview = await previewRevocationFor({ viewer: await getViewer(), org, target });
    return { ok: true, ...preview };
  } catch (error) {
    return toFailure(error);
  }
}

export async function startRevocationAction(input: unknown): Promise<{ ok: true; jobId: number; href: string } | Failure> {
  try {
    const { org, target, reason, confirmation, expectCount } = StartInput.parse(input);
    const started = await startRevocation({ viewer: await getViewer(), org, target, reason, confirmation, expectCount });
    const base = `/orgs/${encodeURIComponent(started.org)}`;
    return { ok: true, jobId: started.jobId, href: `${base}/revocations/${started.jobId}` };
  } catch (error) {
    return toFailure(error);
  }
}

const OUTCOME_TEXT: Record<string, string> = {
  revoked: "Revoked: GitHub no longer lets this token reach the org.",
  already_gone: "GitHub no longer listed this grant (revoked elsewhere or expired); it is marked removed.",
};

export async function revokeGrantAction(input: unknown): Promise<{ ok: boolean; message: string }> {
  try {
    const { org, grantId, reason } = RevokeOneInput.parse(input);
    // No revalidatePath: it would re-render the grant page under the open dialog (whose button
    // disappears with the grant); the dialog refreshes the page when it is closed.
    const r = await revokeOneGrant({ viewer: await getViewer(), org, grantId, reason });
    const ok = r.outcome === "revoked" || r.outcome === "already_gone";
    return { ok, message: OUTCOME_TEXT[r.outcome] ?? `GitHub did not revoke this grant: ${r.error ?? "no reason given"}. Try again later.` };
  } catch (error) {
    return toFailure(error);
  }
}
