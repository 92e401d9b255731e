import "server-only";
// Offboarding from the person page. An offboarding spans orgs, so the viewer must pass the org
// check for EVERY chosen org (view for the preview, revoke to start); one refusal refuses it all.
import type { OffboardingPreview } from "../../bot/offboard/verbs.ts";
import { Forbidden, InvalidInput } from "../../model/errors.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type OffboardPreviewView = {
  login: string;
  orgs: { org: string; grants: number; credentials: number; calls: number; lookups: number; credentialsNote: string | null; overlapping: number[] }[];
  totals: OffboardingPreview["totals"];
  confirmLogin: boolean;
};

async function checkEvery({ viewer, orgs, need }: { viewer: Viewer | null; orgs: string[]; need: "view" | "revoke" }): Promise<{ viewer: Viewer; orgs: string[] }> {
  if (!viewer) throw new Forbidden("You are signed out; sign in again.");
  if (orgs.length === 0) throw new InvalidInput("orgs", "Choose at least one organization.");
  const checked: string[] = [];
  for (const org of orgs) checked.push((await checkOrgAccess({ viewer, org, need })).org.login);
  return { viewer, orgs: checked };
}

export async function previewOffboardingFor({ viewer, login, orgs }: { viewer: Viewer | null; login: string; orgs: string[] }): Promise<OffboardPreviewView> {
  const checked = await checkEvery({ viewer, orgs, need: "view" });
  const p = await getDashboardRuntime().engine.offboarding.preview({ login, orgs: checked.orgs });
  return {
    login: p.login,
    orgs: p.orgs.map((o) => ({
      org: o.org.login, grants: o.grants, credentials: o.credentials, calls: o.calls, lookups: o.lookups, credentialsNote: o.credentialsNote,
      overlapping: o.overlapping.map((j) => j.id),
    })),
    totals: p.totals,
    confirmLogin: p.confirmLogin,
  };
}

/** Creates the offboarding and runs it in the server's background; the parts' job pages show progress. */
export async function startOffboardingFor({ viewer, login, orgs, reason, confirmation, expectItems }: {
  viewer: Viewer | null; login: string; orgs: string[]; reason: string; confirmation?: string; expectItems?: number;
}): Promise<{ id: number; jobs: { org: string; jobId: number }[] }> {
  const checked = await checkEvery({ viewer, orgs, need: "revoke" });
  const { engine } = getDashboardRuntime();
  const started = await engine.offboarding.start({
    login, orgs: checked.orgs, reason, actor: checked.viewer.login, actorType: "user", confirmation, expectItems,
  });
  const view = await engine.offboarding.get({ id: started.id });
  return { id: started.id, jobs: view.parts.map((p) => ({ org: p.orgLogin, jobId: p.id })) };
}
