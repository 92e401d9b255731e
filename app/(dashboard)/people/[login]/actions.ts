"use server";
// Offboarding from the person page: parse → session → the viewer may act on EVERY chosen org →
// verb → a small answer. Errors come back as sentences.
import { z } from "zod";
import { REASON_MAX_CHARS } from "../../../../model/reason.ts";
import { toFailure, type Failure } from "../../../_data/action-failure.ts";
import { previewOffboardingFor, startOffboardingFor, type OffboardPreviewView } from "../../../_data/offboard.ts";
import { getViewer } from "../../../_data/viewer.ts";

const Login = z.string().trim().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "That is not a GitHub login.");
const Orgs = z.array(z.string().trim().min(1).max(100)).min(1, "Choose at least one organization.").max(200);
const Reason = z.string().trim()
  .min(1, "Give a reason: it is recorded with every removed grant and credential.")
  .refine((s) => [...s].length <= REASON_MAX_CHARS, { message: `The reason is too long: at most ${REASON_MAX_CHARS} characters.` });

const PreviewInput = z.object({ login: Login, orgs: Orgs });
const StartInput = z.object({
  login: Login, orgs: Orgs, reason: Reason,
  confirmation: z.string().max(100).optional(),
  expectItems: z.number().int().nonnegative().optional(),
});

export async function previewOffboardingAction(input: unknown): Promise<({ ok: true } & OffboardPreviewView) | Failure> {
  try {
    const { login, orgs } = PreviewInput.parse(input);
    return { ok: true, ...(await previewOffboardingFor({ viewer: await getViewer(), login, orgs })) };
  } catch (error) {
    return toFailure(error);
  }
}

export async function startOffboardingAction(input: unknown): Promise<{ ok: true; id: number; jobs: { org: string; jobId: number; href: string }[] } | Failure> {
  try {
    const { login, orgs, reason, confirmation, expectItems } = StartInput.parse(input);
    const started = await startOffboardingFor({ viewer: await getViewer(), login, orgs, reason, confirmation, expectItems });
    return {
      ok: true, id: started.id,
      jobs: started.jobs.map((j) => ({ ...j, href: `/orgs/${encodeURIComponent(j.org)}/revocations/${j.jobId}` })),
    };
  } catch (error) {
    return toFailure(error);
  }
}
