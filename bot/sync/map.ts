// GitHub's objects → inventory rows. Pure, so the field mapping is tested without a network.
import type { GrantFromGitHub } from "../../db/queries/grant-sync.ts";
import type { RepositoryRow } from "../../db/queries/repository-sync.ts";
import type { RequestFromGitHub } from "../../db/queries/request-sync.ts";
import type { GitHubGrant, GitHubRepository, GitHubRequest, WebhookRequest } from "../github/schemas.ts";
import { permissionTokens } from "../github/permissions.ts";

export function toGrantRow({ grant: g, orgId }: { grant: GitHubGrant; orgId: number }): GrantFromGitHub {
  return {
    orgId,
    id: g.id,
    tokenId: g.token_id,
    tokenName: g.token_name,
    ownerId: g.owner.id,
    ownerLogin: g.owner.login,
    ownerAvatarUrl: g.owner.avatar_url ?? null,
    ownerType: g.owner.type ?? null,
    repositorySelection: g.repository_selection,
    repositoriesUrl: g.repositories_url,
    permissions: g.permissions,
    permissionTokens: permissionTokens(g.permissions),
    accessGrantedAt: g.access_granted_at,
    tokenExpired: g.token_expired,
    tokenExpiresAt: g.token_expires_at,
    tokenLastUsedAt: g.token_last_used_at,
  };
}

export function toRequestRow({ request: r, orgId }: { request: GitHubRequest; orgId: number }): RequestFromGitHub {
  return {
    orgId,
    id: r.id,
    tokenId: r.token_id,
    tokenName: r.token_name,
    ownerId: r.owner.id,
    ownerLogin: r.owner.login,
    ownerAvatarUrl: r.owner.avatar_url ?? null,
    reason: r.reason,
    repositorySelection: r.repository_selection,
    repositoriesUrl: r.repositories_url,
    permissions: r.permissions,
    permissionTokens: permissionTokens(r.permissions),
    createdAt: r.created_at,
    tokenExpired: r.token_expired,
    tokenExpiresAt: r.token_expires_at,
    tokenLastUsedAt: r.token_last_used_at,
    repositoryCount: null,
  };
}

/** The webhook object has no reason and no repositories_url; `permissions_result` is what the token would hold. */
export function webhookRequestToRow({ request: r, orgId }: { request: WebhookRequest; orgId: number }): RequestFromGitHub {
  return {
    orgId,
    id: r.id,
    tokenId: r.token_id,
    tokenName: r.token_name,
    ownerId: r.owner.id,
    ownerLogin: r.owner.login,
    ownerAvatarUrl: r.owner.avatar_url ?? null,
    reason: null,
    repositorySelection: r.repository_selection,
    repositoriesUrl: null,
    permissions: r.permissions_result,
    permissionTokens: permissionTokens(r.permissions_result),
    createdAt: r.created_at,
    tokenExpired: r.token_expired,
    tokenExpiresAt: r.token_expires_at,
    tokenLastUsedAt: r.token_last_used_at,
    repositoryCount: r.repository_selection === "subset" ? (r.repository_count ?? null) : null,
  };
}

export function toRepositoryRow(r: GitHubRepository): RepositoryRow {
  return { repositoryId: r.id, name: r.name, fullName: r.full_name, private: r.private };
}
