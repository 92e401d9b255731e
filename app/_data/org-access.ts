import "server-only";
// The gate in front of every org-scoped read and action. An org the viewer may not see is
// reported as not found, the same as an org that does not exist, so ids in URLs reveal nothing.
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { Forbidden, NotFound } from "../../model/errors.ts";
import type { DashboardOrg } from "../../bot/orgs/verbs.ts";
import { allows, resolveOrgAccess, type AccessNeed, type OrgAccess } from "../_lib/access.ts";
import { isTokenRejected } from "../_lib/github-user.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type OrgContext = { org: DashboardOrg; access: OrgAccess };

/**
 * The org's row and the viewer's access to it, looked up once per request and org however many
 * layouts, pages and loaders ask (the org layout, the page and its loader each check). React's
 * cache() lives for one server render: every request, and every server action, checks anew.
 */
const gateOrg = cache(async (viewer: Viewer, orgKey: string): Promise<{ row: DashboardOrg | null; access: OrgAccess | null }> => {
  const runtime = getDashboardRuntime();
  const row = await runtime.engine.orgs.findForDashboard({ login: orgKey });
  if (!row) return { row: null, access: null };
  const { access, role } = await resolveOrgAccess({
    session: viewer.session, org: row.login, api: runtime.github, teams: runtime.securityTeams, now: runtime.now(),
  });
  if (role) viewer.session.orgs[row.login.toLowerCase()] = role;
  return { row, access };
});

/** For server actions and route handlers: throws NotFound / Forbidden instead of rendering. */
export async function checkOrgAccess({ viewer, org, need = "view" }: {
  viewer: Viewer | null; org: string; need?: AccessNeed;
}): Promise<OrgContext> {
  if (!viewer) throw new Forbidden("You are signed out; sign in again.");
  const { row, access } = await gateOrg(viewer, org.toLowerCase());
  if (!row || !access) throw new NotFound(`No org named ${org} is connected to patwarden.`);
  if (!allows(access, need)) {
    throw new Forbidden(need === "manage"
      ? `Only owners of ${row.login} can change its connection.`
      : `Your security-team access to ${row.login} is read-only; ask an owner to revoke.`);
  }
  return { org: row, access };
}

/** For pages: a missing or hidden org is a 404 page; a revoked sign-in goes back to /login. */
export async function requireOrgAccess(args: { viewer: Viewer; org: string; need?: AccessNeed }): Promise<OrgContext> {
  try {
    return await checkOrgAccess(args);
  } catch (error) {
    if (isTokenRejected(error)) redirect("/login?error=expired");
    if ((error as { kind?: string }).kind === "NotFound") notFound();
    throw error;
  }
}
