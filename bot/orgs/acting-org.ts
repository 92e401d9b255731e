// The org a governance verb (policies, reports, request review) works on, read by id with its
// installation's status, so installationClient (bot/engine-context.ts) can say why GitHub would
// refuse before anything is sent. Faces name the org by the id orgs.resolve or the dashboard's
// access check gave them.
import { getInstallation } from "../../db/queries/installations.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import { NotFound } from "../../model/errors.ts";
import type { InstallationStatus } from "../../model/statuses.ts";
import { installationClient, type EngineContext } from "../engine-context.ts";
import type { OctokitLike } from "../github/calls.ts";

export type ActingOrg = { id: number; login: string; installationId: number | null; installationStatus: InstallationStatus | null };

/** undefined when patwarden does not know the org (a webhook for an org never synced). */
export async function findActingOrg(ctx: EngineContext, orgId: number): Promise<ActingOrg | undefined> {
  const org = await getOrg({ db: ctx.db, orgId });
  if (!org) return undefined;
  const installation = org.installationId ? await getInstallation({ db: ctx.db, installationId: org.installationId }) : undefined;
  return { id: org.id, login: org.login, installationId: org.installationId, installationStatus: installation?.status ?? null };
}

export async function getActingOrg(ctx: EngineContext, orgId: number): Promise<ActingOrg> {
  const org = await findActingOrg(ctx, orgId);
  if (!org) throw new NotFound(`organization ${orgId} is not known to patwarden`);
  return org;
}

/** The installation client a webhook handed over (Probot's), else the App's for this org, or an InvalidInput saying why not. */
export function clientFor(ctx: EngineContext, { org, octokit, doing, command }: {
  org: ActingOrg; octokit?: OctokitLike; doing: string; command: string;
}): OctokitLike {
  return octokit ?? installationClient(ctx, { org, doing, command });
}
