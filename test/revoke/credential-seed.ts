// Test helpers for SSO credential removal: the org's credential authorizations as GitHub (the
// simulator) lists them, read over its API, written to the inventory the way a credential sync
// stores them; and a client wrapper recording every DELETE with its id and answer.
import { and, eq } from "drizzle-orm";
import type { DbHandle } from "../../db/client.ts";
import { credentials, orgs } from "../../db/schema.ts";
import type { OctokitLike, ResponseLike } from "../../bot/github/calls.ts";
import type { RevokeHarness } from "./harness.ts";

export type SimAuthorization = {
  login: string; credential_id: number; credential_type: string; token_last_eight?: string; scopes?: string[]; fingerprint?: string;
  credential_authorized_at: string; credential_accessed_at: string | null; authorized_credential_id: number | null;
  authorized_credential_title?: string | null; authorized_credential_note?: string | null; authorized_credential_expires_at?: string | null;
};

/** Every authorization the org's list serves now (pages of 100 until a short one: no reliance on Link). */
export async function listSimAuthorizations(hs: RevokeHarness, org: string, login?: string): Promise<SimAuthorization[]> {
  const o = await hs.org(org);
  const octokit = hs.app.installationOctokit(o.installationId);
  const out: SimAuthorization[] = [];
  for (let page = 1; ; page++) {
    const res = await octokit.request("GET /orgs/{org}/credential-authorizations", { org, per_page: 100, page, ...(login ? { login } : {}) });
    const items = res.data as SimAuthorization[];
    out.push(...items);
    if (items.length < 100) return out;
  }
}

/** Stores the org's authorizations as the inventory (source available), as the credential sync would. */
export async function seedCredentials(hs: RevokeHarness, org: string): Promise<SimAuthorization[]> {
  const o = await hs.org(org);
  const list = await listSimAuthorizations(hs, org);
  const now = new Date();
  await hs.h.db.update(orgs).set({ credentialsStatus: "available", credentialsCheckedAt: now }).where(eq(orgs.id, o.id));
  for (let i = 0; i < list.length; i += 500) {
    await hs.h.db.insert(credentials).values(list.slice(i, i + 500).map((c) => ({
      orgId: o.id, credentialId: c.credential_id, login: c.login, credentialType: c.credential_type, tokenLastEight: c.token_last_eight ?? null,
      scopes: c.scopes ?? [], fingerprint: c.fingerprint ?? null, authorizedAt: new Date(c.credential_authorized_at),
      accessedAt: c.credential_accessed_at ? new Date(c.credential_accessed_at) : null, authorizedCredentialId: c.authorized_credential_id,
      title: c.authorized_credential_title ?? null, note: c.authorized_credential_note ?? null,
      expiresAt: c.authorized_credential_expires_at ? new Date(c.authorized_credential_expires_at) : null, lastSeenAt: now,
    }))).onConflictDoNothing();
  }
  return list;
}

export async function credentialRow(h: DbHandle, orgId: number, credentialId: number) {
  const [row] = await h.db.select().from(credentials).where(and(eq(credentials.orgId, orgId), eq(credentials.credentialId, credentialId)));
  return row;
}

export type DeleteCall = { id: number; status: number };

/** Wraps a client: DELETEs of credential authorizations are recorded (id, status), a hook may fail them first. */
export function recordDeletes(inner: OctokitLike, hook?: (id: number, index: number) => void): { octokit: OctokitLike; deletes: DeleteCall[] } {
  const deletes: DeleteCall[] = [];
  const octokit: OctokitLike = {
    async request(route: string, options?: Record<string, unknown>): Promise<ResponseLike> {
      if (!route.startsWith("DELETE /orgs/{org}/credential-authorizations/")) return inner.request(route, options);
      const id = Number(options?.credential_id);
      hook?.(id, deletes.length);
      try {
        const res = await inner.request(route, options);
        deletes.push({ id, status: res.status });
        return res;
      } catch (e) {
        deletes.push({ id, status: (e as { status?: number }).status ?? 0 });
        throw e;
      }
    },
  };
  return { octokit, deletes };
}

/** No credential was removed twice: at most one 204 per id. */
export function acceptedTwice(deletes: DeleteCall[]): number[] {
  const n = new Map<number, number>();
  for (const d of deletes.filter((x) => x.status === 204)) n.set(d.id, (n.get(d.id) ?? 0) + 1);
  return [...n].filter(([, k]) => k > 1).map(([id]) => id);
}
