// State changes shared by the REST endpoints and the control surface, so a revoke or a review
// means the same thing whichever side asked for it.
import { clonePermissions } from "./render.ts";
import type { SimCredential, SimGrant, SimOrg, SimRequest, SimState } from "./types.ts";

export function revokeGrant(org: SimOrg, grantId: number): SimGrant | undefined {
  return org.grants.remove(grantId);
}

/** Turns a pending request into a grant with the same token (GitHub keeps the token_id). */
export function approveRequest(args: { state: SimState; org: SimOrg; requestId: number }): { request: SimRequest; grant: SimGrant } | undefined {
  const { state, org, requestId } = args;
  const request = org.requests.remove(requestId);
  if (!request) return undefined;
  const grant: SimGrant = {
    id: state.nextId.grant++,
    ownerId: request.ownerId,
    repositorySelection: request.repositorySelection,
    repositoryIds: [...request.repositoryIds],
    permissions: clonePermissions(request.permissions),
    accessGrantedAt: Math.floor(state.now().getTime() / 1000) * 1000,
    tokenId: request.tokenId,
    tokenName: request.tokenName,
    tokenExpiresAt: request.tokenExpiresAt,
    tokenLastUsedAt: request.tokenLastUsedAt,
  };
  org.grants.insert(grant);
  return { request, grant };
}

/** Denied or cancelled: the request just disappears from the pending list. */
export function dropRequest(org: SimOrg, requestId: number): SimRequest | undefined {
  return org.requests.remove(requestId);
}

/** Removes one SSO credential authorization (REST DELETE and control alike). */
export function removeCredential(org: SimOrg, credentialId: number): SimCredential | undefined {
  return org.credentials.remove(credentialId);
}

/** The bulk revokes (REST and control): every authorization matching, removed at once; returns how many. */
export function removeCredentialsWhere(org: SimOrg, match: (c: SimCredential) => boolean): number {
  const doomed = org.credentials.all().filter(match).map((c) => c.id);
  for (const id of doomed) org.credentials.remove(id);
  return doomed.length;
}
