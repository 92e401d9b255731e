// The test surface: change GitHub's state "as if done in GitHub's UI", turn failure knobs, read
// logs. One implementation; control-http.ts exposes the same methods under /_sim/. Methods that
// send a webhook return a Promise that settles after the delivery was answered (or failed).
import { addOrgToState, findOrg } from "./state.ts";
import { applyPatch, GrantPatchSchema, ownerIdFor, parseInput, RequestPatchSchema, SimControlError, type GrantPatch, type RequestPatch } from "./control-input.ts";
import { createCredentialControl, type CredentialPatch } from "./control-credentials.ts";
import { createRepoControl, type ClockPatch, type FileTruth, type PutFileResult } from "./control-repos.ts";
import { addFault, clearFaults } from "./faults.ts";
import { buildGroundTruth, groundGrant, groundRequest, type GroundGrant, type GroundRequest, type GroundTruth } from "./ground-truth.ts";
import { approveRequest, dropRequest, revokeGrant } from "./operations.ts";
import { readRateLimit, setRateLimit, type RateLimitPatch, type RateLimitStatus } from "./rate-limit.ts";
import { generateGrant, generateRequest } from "./seed-grants.ts";
import type { Behaviour, FaultSpec, RequestLogEntry, SimOrg, SimOrgSpec, SimState, WebhookLogEntry } from "./types.ts";
import { deliverWebhook, installationPayload, memberRemovedPayload, patRequestPayload, type DeliveryResult } from "./webhooks.ts";

export type SimControl = ReturnType<typeof createControl>;
export { SimControlError };
export type { CredentialPatch, GrantPatch, RequestPatch, GroundTruth, GroundGrant, GroundRequest, RateLimitPatch, RateLimitStatus, ClockPatch, FileTruth, PutFileResult };

export function createControl(state: SimState) {
  const orgOf = (login: string): SimOrg => {
    const org = findOrg(state, login);
    if (!org) throw new SimControlError(404, `no org ${login} in the simulator (known: ${[...state.orgs.values()].map((o) => o.login).join(", ")})`);
    return org;
  };
  const randomMember = (org: SimOrg): number => {
    const ids = [...org.members.keys()];
    return ids[state.rng.int(0, ids.length - 1)]!;
  };
  const installationBucket = (installationId: number): string => {
    if (!state.installations.has(installationId)) throw new SimControlError(404, `no installation ${installationId}`);
    return `installation:${installationId}`;
  };
  const send = (event: string, payload: unknown): Promise<DeliveryResult> => deliverWebhook(state, { event, payload });

  async function finishRequest(login: string, id: number, action: "denied" | "cancelled"): Promise<void> {
    const org = orgOf(login);
    const request = dropRequest(org, id);
    if (!request) throw new SimControlError(404, `no pending request ${id} in ${org.login}`);
    await send("personal_access_token_request", patRequestPayload({ state, org, request, action }));
  }

  async function setSuspended(login: string, suspended: boolean): Promise<void> {
    const org = orgOf(login);
    org.installation.suspendedAt = suspended ? state.now().getTime() : null;
    await send("installation", installationPayload({ state, org, action: suspended ? "suspend" : "unsuspend" }));
  }

  return {
    ...createRepoControl({ state, orgOf, send }),
    ...createCredentialControl({ state, orgOf }),
    org: (login: string): GroundTruth => buildGroundTruth(state, orgOf(login)),
    orgs: (): string[] => [...state.orgs.values()].map((o) => o.login),

    revokeGrant(login: string, grantId: number): void {
      if (!revokeGrant(orgOf(login), grantId)) throw new SimControlError(404, `no active grant ${grantId} in ${login}`);
    },
    addGrant(login: string, partial?: GrantPatch): GroundGrant {
      const org = orgOf(login);
      const patch = parseInput(GrantPatchSchema, partial);
      const grant = generateGrant({ state, org, rng: state.rng, nowMs: state.now().getTime(), ownerId: patch.owner ? ownerIdFor(state, org, patch.owner) : randomMember(org) });
      applyPatch({ state, org, target: grant, patch });
      org.grants.insert(grant);
      return groundGrant(state, org, grant);
    },
    updateGrant(login: string, grantId: number, patch: GrantPatch): GroundGrant {
      const org = orgOf(login);
      const valid = parseInput(GrantPatchSchema, patch);
      const current = org.grants.get(grantId);
      if (!current) throw new SimControlError(404, `no active grant ${grantId} in ${login}`);
      // Patch a copy first: a rejected patch must leave the grant untouched (and indexed).
      const draft = { ...current, repositoryIds: [...current.repositoryIds] };
      applyPatch({ state, org, target: draft, patch: valid });
      const grant = org.grants.update(grantId, (g) => Object.assign(g, draft))!;
      return groundGrant(state, org, grant);
    },

    async createRequest(login: string, partial?: RequestPatch): Promise<GroundRequest> {
      const org = orgOf(login);
      const patch = parseInput(RequestPatchSchema, partial);
      const request = generateRequest({ state, org, rng: state.rng, nowMs: state.now().getTime(), ownerId: patch.owner ? ownerIdFor(state, org, patch.owner) : randomMember(org) });
      if (patch.created_at === undefined) request.createdAt = Math.floor(state.now().getTime() / 1000) * 1000;
      applyPatch({ state, org, target: request, patch });
      org.requests.insert(request);
      await send("personal_access_token_request", patRequestPayload({ state, org, request, action: "created" }));
      return groundRequest(state, org, request);
    },
    async approveRequest(login: string, requestId: number): Promise<GroundGrant> {
      const org = orgOf(login);
      const done = approveRequest({ state, org, requestId });
      if (!done) throw new SimControlError(404, `no pending request ${requestId} in ${org.login}`);
      await send("personal_access_token_request", patRequestPayload({ state, org, request: done.request, action: "approved" }));
      return groundGrant(state, org, done.grant);
    },
    denyRequest: (login: string, requestId: number): Promise<void> => finishRequest(login, requestId, "denied"),
    cancelRequest: (login: string, requestId: number): Promise<void> => finishRequest(login, requestId, "cancelled"),

    /** The user leaves the org (their grants stay, as ex-member grants); sends organization.member_removed. */
    async removeMember(login: string, userLogin: string): Promise<void> {
      const org = orgOf(login);
      const user = state.usersByLogin.get(userLogin.toLowerCase());
      const role = user ? org.members.get(user.id) : undefined;
      if (!user || !role) throw new SimControlError(404, `${userLogin} is not a member of ${org.login}`);
      org.members.delete(user.id);
      org.exMemberIds.add(user.id);
      for (const team of org.teams.values()) team.memberIds.delete(user.id);
      await send("organization", memberRemovedPayload({ state, org, user, role }));
    },

    /** Every token issued so far (installation and user), so tests can look for them where they must not be. */
    issuedTokens: (): string[] => [...state.tokens.keys()],
    injectFault: (spec: FaultSpec): void => void addFault(state, spec),
    clearFaults: (): void => clearFaults(state),
    setLatency: (ms: number): void => void (state.latencyMs = Math.max(0, ms)),
    setTokenTtl: (seconds: number): void => void (state.tokenTtlSec = Math.max(1, seconds)),
    setRateLimit: (installationId: number, patch: RateLimitPatch): RateLimitStatus => setRateLimit(state, installationBucket(installationId), patch),
    rateLimit: (installationId: number): RateLimitStatus => readRateLimit(state, installationBucket(installationId)),
    setBehaviour(patch: Partial<Behaviour>): Behaviour {
      if (patch.bulkRevokeUnknown && !["reject", "partial"].includes(patch.bulkRevokeUnknown)) throw new SimControlError(422, "bulkRevokeUnknown must be reject or partial");
      if (patch.permissionFilter && !["at_least", "exact"].includes(patch.permissionFilter)) throw new SimControlError(422, "permissionFilter must be at_least or exact");
      if (patch.credentialLinks !== undefined && typeof patch.credentialLinks !== "boolean") throw new SimControlError(422, "credentialLinks must be true or false");
      if (patch.credentialBulkRevoke && !["accepted", "forbidden"].includes(patch.credentialBulkRevoke)) throw new SimControlError(422, "credentialBulkRevoke must be accepted or forbidden");
      Object.assign(state.behaviour, patch);
      return { ...state.behaviour };
    },

    setInstallationPermissions(login: string, permissions: Record<string, string>): void {
      const org = orgOf(login);
      org.installation.permissions = { ...permissions };
      org.installation.updatedAt = state.now().getTime();
    },
    suspendInstallation: (login: string): Promise<void> => setSuspended(login, true),
    unsuspendInstallation: (login: string): Promise<void> => setSuspended(login, false),
    async uninstall(login: string): Promise<void> {
      const org = orgOf(login);
      org.installation.deleted = true;
      await send("installation", installationPayload({ state, org, action: "deleted" }));
    },
    /** A new org with the App installed (sends installation.created). */
    async addOrg(spec: SimOrgSpec): Promise<GroundTruth> {
      if (findOrg(state, spec.login)) throw new SimControlError(409, `org ${spec.login} already exists`);
      if (!/^[a-z\d][a-z\d-]{0,38}$/i.test(spec.login) || !(spec.grants >= 0)) throw new SimControlError(422, "addOrg needs a valid login and grants ≥ 0");
      const org = addOrgToState({ state, spec });
      await send("installation", installationPayload({ state, org, action: "created" }));
      return buildGroundTruth(state, org);
    },

    requestLog: (): RequestLogEntry[] => [...state.requestLog],
    clearRequestLog: (): void => void (state.requestLog.length = 0),
    webhookLog: (): WebhookLogEntry[] => [...state.webhookLog],
    deliverWebhook: (event: string, payload: unknown): Promise<DeliveryResult> => send(event, payload),
    setWebhookUrl: (url: string | null): void => void (state.webhookUrl = url),
  };
}
