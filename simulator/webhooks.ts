// Webhook payloads (shaped by the `x-webhooks` schemas in @octokit/openapi) and signed delivery
// as GitHub-Hookshot does it: HMAC-SHA256 (and legacy SHA1) of the raw body with the App's secret.
import { createHmac, randomUUID } from "node:crypto";
import { clonePermissions, iso, nodeId, renderOrgSimple, renderUser } from "./render.ts";
import { renderInstallation } from "./render-app.ts";
import type { SimOrg, SimRequest, SimState, SimUser } from "./types.ts";

export type DeliveryResult = { status: number; deliveryId: string; error?: string };

export function signPayload(secret: string, body: string): { sha256: string; sha1: string } {
  return {
    sha256: `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    sha1: `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`,
  };
}

/** POSTs one delivery to the webhook URL; status 0 when no URL is set or the receiver is unreachable. */
export async function deliverWebhook(state: SimState, args: { event: string; payload: unknown }): Promise<DeliveryResult> {
  const deliveryId = randomUUID();
  const action = typeof args.payload === "object" && args.payload !== null && "action" in args.payload ? String(args.payload.action) : null;
  const log = (status: number, error?: string): DeliveryResult => {
    state.webhookLog.push({ event: args.event, action, deliveryId, status, at: state.now().toISOString(), ...(error ? { error } : {}) });
    return { status, deliveryId, ...(error ? { error } : {}) };
  };
  if (!state.webhookUrl) return log(0, "no webhook URL set");
  const body = JSON.stringify(args.payload);
  const signature = signPayload(state.app.webhookSecret, body);
  try {
    const res = await fetch(state.webhookUrl, {
      method: "POST",
      body,
      // GitHub gives up on a receiver after 10 s.
      signal: AbortSignal.timeout(10_000),
      headers: {
        "content-type": "application/json",
        "user-agent": "GitHub-Hookshot/sim",
        "x-github-event": args.event,
        "x-github-delivery": deliveryId,
        "x-github-hook-id": String(state.app.id + 1),
        "x-github-hook-installation-target-type": "integration",
        "x-github-hook-installation-target-id": String(state.app.id),
        "x-hub-signature-256": signature.sha256,
        "x-hub-signature": signature.sha1,
      },
    });
    await res.arrayBuffer();
    return log(res.status);
  } catch (error) {
    return log(0, error instanceof Error ? error.message : String(error));
  }
}

function simpleInstallation(org: SimOrg) {
  return { id: org.installation.id, node_id: nodeId("023:IntegrationInstallation", org.installation.id) };
}

function senderFor(state: SimState, org: SimOrg): SimUser {
  return state.usersByLogin.get(org.demo.owner.toLowerCase())!;
}

export function patRequestPayload(args: { state: SimState; org: SimOrg; request: SimRequest; action: "created" | "approved" | "denied" | "cancelled" }) {
  const { state, org, request, action } = args;
  const owner = state.users.get(request.ownerId)!;
  const subset = request.repositorySelection === "subset";
  const repos = subset ? request.repositoryIds.map((id) => org.reposById.get(id)).filter((r) => r !== undefined) : null;
  // Reviews are done by an org owner; creating and cancelling by the requester.
  const sender = action === "approved" || action === "denied" ? senderFor(state, org) : owner;
  return {
    action,
    personal_access_token_request: {
      id: request.id,
      owner: renderUser(state, owner),
      permissions_added: clonePermissions(request.permissions),
      permissions_upgraded: {},
      permissions_result: clonePermissions(request.permissions),
      repository_selection: request.repositorySelection,
      repository_count: repos ? repos.length : null,
      repositories: repos
        ? repos.map((r) => ({ id: r.id, node_id: nodeId("010:Repository", r.id), name: r.name, full_name: `${org.login}/${r.name}`, private: r.private }))
        : null,
      created_at: iso(request.createdAt),
      token_id: request.tokenId,
      token_name: request.tokenName,
      token_expired: request.tokenExpiresAt !== null && request.tokenExpiresAt <= state.now().getTime(),
      token_expires_at: request.tokenExpiresAt === null ? null : iso(request.tokenExpiresAt),
      token_last_used_at: request.tokenLastUsedAt === null ? null : iso(request.tokenLastUsedAt),
    },
    organization: renderOrgSimple(state, org),
    sender: renderUser(state, sender),
    installation: simpleInstallation(org),
  };
}

export function memberRemovedPayload(args: { state: SimState; org: SimOrg; user: SimUser; role: string }) {
  const { state, org, user } = args;
  return {
    action: "member_removed" as const,
    membership: {
      url: `${state.urls.apiUrl}/orgs/${org.login}/memberships/${user.login}`,
      state: "active",
      role: args.role,
      organization_url: `${state.urls.apiUrl}/orgs/${org.login}`,
      user: renderUser(state, user),
    },
    organization: renderOrgSimple(state, org),
    sender: renderUser(state, senderFor(state, org)),
    installation: simpleInstallation(org),
  };
}

export function installationPayload(args: { state: SimState; org: SimOrg; action: "created" | "deleted" | "suspend" | "unsuspend" }) {
  const { state, org, action } = args;
  return {
    action,
    installation: renderInstallation(state, org),
    ...(action === "created" ? { repositories: [], requester: null } : {}),
    sender: renderUser(state, senderFor(state, org)),
  };
}
