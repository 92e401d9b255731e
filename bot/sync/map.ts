// GitHub's objects → inventory rows. Pure, so the field mapping is tested without a network.
import type { GrantFromGitHub } from "../../db/queries/grant-sync.ts";
import type { RepositoryRow } from "../../db/queries/repository-sync.ts";
import type { RequestFromGitHub } from "../../db/queries/request-sync.ts";
import type { GitHubGrant, GitHubRepository, GitHubRequest, WebhookRequest } from "../github/schemas.ts";
import { permissionTokens } from "../../model/permissions.ts";

/** The token and owner fields grants, requests and webhook requests share, under the same names. */
function tokenFields(t: {
  id: number; token_id: number; token_name: string; owner: { id: number; login: string; avatar_url?: string | null };
  token_expired: boolean; token_expires_at: Date | null; token_last_used_at: Date | null;
}) {
  return {
    id: t.id,
    tokenId: t.token_id,
    tokenName: t.token_name,
    ownerId: t.owner.id,
    ownerLogin: t.owner.login,
    ownerAvatarUrl: t.owner.avatar_url ?? null,
    tokenExpired: t.token_expired,
    tokenExpiresAt: t.token_expires_at,
    tokenLastUsedAt: t.token_last_used_at,
  };
}

export function toGrantRow({ grant: g, orgId }: { grant: GitHubGrant; orgId: number }): GrantFromGitHub {
  return {
    orgId,
    ...tokenFields(g),
    ownerType: g.owner.type ?? null,
    repositorySelection: g.repository_selection,
    repositoriesUrl: g.repositories_url,
    permissions: g.permissions,
    permissionTokens: permissionTokens(g.permissions),
    accessGrantedAt: g.access_granted_at,
  };
}

export function toRequestRow({ request: r, orgId }: { request: GitHubRequest; orgId: number }): RequestFromGitHub {
  return {
    orgId,
    ...tokenFields(r),
    reason: r.reason,
    repositorySelection: r.repository_selection,
    repositoriesUrl: r.repositories_url,
    permissions: r.permissions,
    permissionTokens: permissionTokens(r.permissions),
    createdAt: r.created_at,
    repositoryCount: null,
  };
}

/** The webhook object has no reason and no repositories_url; `permissions_result` is what the token would hold. */
export function webhookRequestToRow({ request: r, orgId }: { request: WebhookRequest; orgId: number }): RequestFromGitHub {
  return {
    orgId,
    ...tokenFields(r),
    reason: null,
    repositorySelection: r.repository_selection,
    repositoriesUrl: null,
    permissions: r.permissions_result,
    permissionTokens: permissionTokens(r.permissions_result),
    createdAt: r.created_at,
    repositoryCount: r.repository_selection === "subset" ? (r.repository_count ?? null) : null,
  };
}

export function toRepositoryRow(r: GitHubRepository): RepositoryRow {
  return { repositoryId: r.id, name: r.name, fullName: r.full_name, private: r.private };
}
