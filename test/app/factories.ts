// Row factories for the dashboard's database tests: each test creates exactly the rows it reads.
import { permissionTokens } from "../../model/permissions.ts";
import type { Db } from "../../db/client.ts";
import { grantRepositories, grants, installations, orgs, patRequests, requestRepositories, syncRuns, type NewGrant, type NewPatRequest } from "../../db/schema.ts";
import { type PermissionMaps } from "../../model/statuses.ts";

const DAY = 86_400_000;
let nextId = 1000;

export async function insertOrg({ db, login, installation = {}, syncPaused = false }: {
  db: Db; login: string; installation?: { status?: "active" | "suspended" | "uninstalled"; permissions?: Record<string, string> } | null; syncPaused?: boolean;
}): Promise<{ id: number; login: string; installationId: number | null }> {
  const id = nextId++;
  let installationId: number | null = null;
  if (installation) {
    installationId = nextId++;
    await db.insert(installations).values({
      id: installationId, accountId: id, accountLogin: login, accountType: "Organization", repositorySelection: "all",
      permissions: installation.permissions ?? { organization_personal_access_tokens: "write", organization_personal_access_token_requests: "write", members: "read" },
      status: installation.status ?? "active",
    });
  }
  await db.insert(orgs).values({ id, login, installationId, syncPaused });
  return { id, login, installationId };
}

export type GrantSpec = Partial<Omit<NewGrant, "permissions">> & {
  permissions?: PermissionMaps; lastUsedDaysAgo?: number | null; expiresInDays?: number | null; repositories?: string[];
};

export async function insertGrant({ db, orgId, now, spec = {} }: { db: Db; orgId: number; now: Date; spec?: GrantSpec }): Promise<number> {
  const id = spec.id ?? nextId++;
  const permissions = spec.permissions ?? { repository: { metadata: "read" } };
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const { lastUsedDaysAgo, expiresInDays, repositories, ...rest } = spec;
  await db.insert(grants).values({
    orgId, id, tokenId: id + 500_000, tokenName: `token-${id}`, ownerId: 1, ownerLogin: "octocat",
    repositorySelection: repositories ? "subset" : "all", repositoriesUrl: `https://example.test/${id}/repositories`,
    accessGrantedAt: at(-400), tokenExpired: false,
    tokenLastUsedAt: lastUsedDaysAgo === undefined || lastUsedDaysAgo === null ? null : at(-lastUsedDaysAgo),
    tokenExpiresAt: expiresInDays === undefined || expiresInDays === null ? null : at(expiresInDays),
    ...rest,
    permissions,
    permissionTokens: permissionTokens(permissions),
  });
  for (const [i, name] of (repositories ?? []).entries()) {
    await db.insert(grantRepositories).values({ orgId, grantId: id, repositoryId: id * 100 + i, name, fullName: `org/${name}`, private: true });
  }
  return id;
}

export async function insertSyncRun({ db, orgId, startedAt, ...rest }: {
  db: Db; orgId: number; startedAt: Date; status?: "running" | "succeeded" | "failed"; durationMs?: number; apiCalls?: number; activeGrants?: number | null; error?: string | null;
}): Promise<number> {
  const [row] = await db.insert(syncRuns).values({
    orgId, kind: "full", status: rest.status ?? "succeeded", startedAt,
    finishedAt: rest.status === "running" ? null : new Date(startedAt.getTime() + (rest.durationMs ?? 1000)),
    durationMs: rest.durationMs ?? 1000, apiCalls: rest.apiCalls ?? 3, activeGrants: rest.activeGrants ?? null, error: rest.error ?? null,
  }).returning({ id: syncRuns.id });
  return row!.id;
}

export type RequestSpec = Partial<Omit<NewPatRequest, "permissions">> & { permissions?: PermissionMaps; repositories?: string[] };

export async function insertRequest({ db, orgId, now, spec = {} }: { db: Db; orgId: number; now: Date; spec?: RequestSpec }): Promise<number> {
  const id = spec.id ?? nextId++;
  const permissions = spec.permissions ?? { repository: { contents: "read", metadata: "read" } };
  const { repositories, ...rest } = spec;
  await db.insert(patRequests).values({
    orgId, id, tokenId: id + 700_000, tokenName: `request-${id}`, ownerId: 2, ownerLogin: "octocat", reason: "for the deploy script",
    repositorySelection: repositories ? "subset" : "all", createdAt: new Date(now.getTime() - DAY), tokenExpired: false,
    tokenExpiresAt: new Date(now.getTime() + 30 * DAY),
    ...rest,
    permissions,
    permissionTokens: permissionTokens(permissions),
  });
  for (const [i, name] of (repositories ?? []).entries()) {
    await db.insert(requestRepositories).values({ orgId, requestId: id, repositoryId: id * 100 + i, name, fullName: `org/${name}`, private: false });
  }
  return id;
}
