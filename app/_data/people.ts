import "server-only";
// The people pages span orgs: each reads only the orgs the viewer may see (owner of, or on the
// security team of), checked one by one as every org page checks its own; the others stay invisible.
import { notFound } from "next/navigation";
import type { PeopleList, PeopleSort, Person } from "../../bot/people/verbs.ts";
import type { DashboardOrg } from "../../bot/orgs/verbs.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type VisibleOrg = { org: DashboardOrg; access: OrgAccess };

/** Installed orgs the viewer may see, by login. */
export async function listVisibleOrgs({ viewer }: { viewer: Viewer }): Promise<VisibleOrg[]> {
  const { engine } = getDashboardRuntime();
  const visible: VisibleOrg[] = [];
  for (const org of await engine.orgs.listForDashboard({})) {
    if (org.installationId === null) continue;
    try {
      visible.push({ org, access: (await checkOrgAccess({ viewer, org: org.login })).access });
    } catch (error) {
      if ((error as { kind?: string }).kind !== "NotFound") throw error;
    }
  }
  return visible;
}

export const PEOPLE_SHOWN = 50;

export type PeoplePage = PeopleList & { orgCount: number };

export async function loadPeople({ viewer, q, sort, after }: { viewer: Viewer; q?: string; sort?: PeopleSort; after?: string }): Promise<PeoplePage> {
  const visible = await listVisibleOrgs({ viewer });
  if (visible.length === 0) return { rows: [], nextCursor: null, orgCount: 0 };
  const list = await getDashboardRuntime().engine.people.list({ q, sort, after, limit: PEOPLE_SHOWN, orgIds: visible.map((v) => v.org.id) });
  return { ...list, orgCount: visible.length };
}

/** `canRevoke` per org login: where the viewer may offboard. */
export type PersonView = { person: Person; canRevoke: Record<string, boolean> };

/** A person nobody may see here, or no one knows, is a 404 page, like an org the viewer may not see. */
export async function loadPerson({ viewer, login }: { viewer: Viewer; login: string }): Promise<PersonView> {
  const visible = await listVisibleOrgs({ viewer });
  if (visible.length === 0) notFound();
  try {
    const person = await getDashboardRuntime().engine.people.get({ login, orgIds: visible.map((v) => v.org.id) });
    return { person, canRevoke: Object.fromEntries(visible.map((v) => [v.org.login, v.access.canRevoke])) };
  } catch (error) {
    const kind = (error as { kind?: string }).kind;
    if (kind === "NotFound" || kind === "InvalidInput") notFound();
    throw error;
  }
}
