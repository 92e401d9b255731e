// GET /app/installations → installations and their orgs. Run at start and on `installation`
// webhooks; installations GitHub no longer lists are marked uninstalled (complete listing only).
import type { Db } from "../../db/client.ts";
import { markOtherInstallationsUninstalled, upsertInstallation } from "../../db/queries/installations.ts";
import { upsertOrg } from "../../db/queries/orgs.ts";
import { InvalidInput } from "../../model/errors.ts";
import { createCallCounters, getPage, ROUTES, withQuery, type OctokitLike, type Page } from "../github/calls.ts";
import { InstallationSchema, type GitHubInstallation } from "../github/schemas.ts";

export type RegisteredInstallation = {
  installationId: number;
  status: "active" | "suspended";
  /** null for installations on a user account (patwarden governs orgs only). */
  org: { id: number; login: string } | null;
};

export async function registerInstallations({ db, appOctokit, now = () => new Date() }: {
  db: Db; appOctokit: OctokitLike; now?: () => Date;
}): Promise<RegisteredInstallation[]> {
  const counters = createCallCounters();
  const out: RegisteredInstallation[] = [];
  let url: string | null = withQuery(ROUTES.installations(), { per_page: 100 });
  while (url) {
    const page: Page<GitHubInstallation> = await getPage({ octokit: appOctokit, url, schema: InstallationSchema, counters, family: "installations" });
    if (page.status !== 200) break;
    for (const i of page.items) out.push(await storeInstallation({ db, installation: i, now: now() }));
    url = page.nextUrl;
  }
  await markOtherInstallationsUninstalled({ db, keepIds: out.map((i) => i.installationId), now: now() });
  return out;
}

/** Also used by the `installation.created` webhook handler with the payload's installation object. */
export async function registerInstallation({ db, installation, now = new Date() }: {
  db: Db; installation: unknown; now?: Date;
}): Promise<RegisteredInstallation> {
  const parsed = InstallationSchema.safeParse(installation);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInput(`installation.${issue?.path.join(".")}`, issue?.message ?? "invalid payload");
  }
  return storeInstallation({ db, installation: parsed.data, now });
}

async function storeInstallation({ db, installation: i, now }: { db: Db; installation: GitHubInstallation; now: Date }): Promise<RegisteredInstallation> {
  const login = i.account?.login ?? i.account?.slug ?? `account-${i.account?.id ?? "unknown"}`;
  const accountType = i.account?.type ?? i.target_type;
  const status = i.suspended_at ? "suspended" : "active";
  const permissions = Object.fromEntries(Object.entries(i.permissions).filter((e): e is [string, string] => e[1] !== undefined));
  await upsertInstallation({
    db,
    now,
    installation: {
      id: i.id,
      accountId: i.account?.id ?? 0,
      accountLogin: login,
      accountType,
      repositorySelection: i.repository_selection,
      permissions,
      events: i.events,
      status,
      suspendedAt: i.suspended_at ?? null,
    },
  });
  const isOrg = accountType === "Organization" && i.account !== null;
  if (isOrg) await upsertOrg({ db, id: i.account!.id, login, installationId: i.id, now });
  return { installationId: i.id, status, org: isOrg ? { id: i.account!.id, login } : null };
}
