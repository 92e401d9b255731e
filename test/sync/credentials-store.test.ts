// The credential inventory's write side and its summary counts, on a real migrated database
// (PGlite, or Postgres with DATABASE_URL): upsert with history, seen marks, removal that keeps a
// reason already set, owner membership by login folded into the risk, and the org summary's counts.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toCredentialRow, type GitHubCredentialAuthorization } from "../../bot/sync/credential-map.ts";
import type { DbHandle } from "../../db/client.ts";
import { countCredentials } from "../../db/queries/credential-counts.ts";
import { markCredentialsSeen, refreshCredentialOwnerIsMember, removeCredentials, upsertCredentials } from "../../db/queries/credential-sync.ts";
import { upsertMembers } from "../../db/queries/members.ts";
import { computeOrgSummary, readOrgSummary, saveOrgSummary } from "../../db/queries/org-summary.ts";
import { credentials } from "../../db/schema.ts";
import { insertOrg } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";

const DAY = 86_400_000;
const now = new Date("2026-06-01T00:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);

function item(id: number, over: Partial<GitHubCredentialAuthorization> = {}): GitHubCredentialAuthorization {
  return {
    id, credential_id: id, login: `user${id}`, credential_type: "personal access token", token_last_eight: "abcd1234",
    credential_authorized_at: ago(200), scopes: ["read:org"], fingerprint: null, credential_accessed_at: ago(1),
    authorized_credential_id: id + 1000, authorized_credential_title: null, authorized_credential_note: `note ${id}`,
    authorized_credential_expires_at: ago(-30), ...over,
  };
}
const rows = (items: GitHubCredentialAuthorization[]) => items.map((i) => toCredentialRow({ item: i, now }));

describe("credential inventory writes", () => {
  let h: DbHandle;
  let orgId: number;
  beforeAll(async () => {
    h = await createTestDb();
    orgId = (await insertOrg({ db: h.db, login: "acme" })).id;
  });
  afterAll(() => h?.close());
  const get = async (id: number) => (await h.db.select().from(credentials).where(and(eq(credentials.orgId, orgId), eq(credentials.credentialId, id))))[0]!;

  it("inserts, rewrites only what changed, and keeps first seen", async () => {
    expect(await upsertCredentials({ db: h.db, orgId, rows: rows([item(1), item(2)]), runId: 1, now: ago(2) })).toEqual({ added: 2, updated: 0 });
    expect(await upsertCredentials({ db: h.db, orgId, rows: rows([item(1), item(2, { credential_accessed_at: ago(0) })]), runId: 2, now }))
      .toEqual({ added: 0, updated: 1 });
    const one = await get(1);
    expect(one).toMatchObject({ firstSeenAt: ago(2), lastSeenAt: now, lastSeenSyncId: 2, scopes: ["read:org"], riskScore: 3, tokenLastEight: "abcd1234" });
  });

  it("stores an SSH key with fingerprint and title, scored as git write to every repository", async () => {
    await upsertCredentials({ db: h.db, orgId, rows: rows([item(3, { credential_type: "SSH key", token_last_eight: null, scopes: [], fingerprint: "SHA256:abc", authorized_credential_title: "laptop", authorized_credential_expires_at: null })]), runId: 2, now });
    expect(await get(3)).toMatchObject({ credentialType: "SSH key", fingerprint: "SHA256:abc", title: "laptop", tokenLastEight: null, riskScore: 55 });
  });

  it("marks 304 pages seen, reports missing rows, and brings removed ones back", async () => {
    expect(await removeCredentials({ db: h.db, orgId, removals: [{ credentialId: 2, reason: "revoked_elsewhere" }], now })).toBe(1);
    expect(await markCredentialsSeen({ db: h.db, orgId, ids: [1, 2, 99], runId: 3, now })).toEqual({ found: 2, reactivated: 1 });
    expect(await get(2)).toMatchObject({ removedAt: null, removalReason: null, lastSeenSyncId: 3 });
  });

  it("never overwrites a removal reason already set (revoked_by_patwarden stays)", async () => {
    await removeCredentials({ db: h.db, orgId, removals: [{ credentialId: 1, reason: "revoked_by_patwarden" }], now });
    expect(await removeCredentials({ db: h.db, orgId, removals: [{ credentialId: 1, reason: "revoked_elsewhere" }], now: ago(-1) })).toBe(0);
    expect(await get(1)).toMatchObject({ removalReason: "revoked_by_patwarden", removedAt: now });
  });

  it("flags owners who left by login (case-insensitive) and folds owner_left into the risk", async () => {
    await refreshCredentialOwnerIsMember({ db: h.db, orgId });
    expect((await get(2)).ownerIsMember).toBeNull(); // no members synced yet: unknown, not left
    await upsertMembers({ db: h.db, orgId, members: [{ userId: 2, login: "USER2", role: "member" }], runId: 3, now });
    await refreshCredentialOwnerIsMember({ db: h.db, orgId });
    expect(await get(2)).toMatchObject({ ownerIsMember: true, riskScore: 3 });
    const ssh = await get(3);
    expect(ssh.ownerIsMember).toBe(false);
    expect(ssh.riskScore).toBe(80);
    expect(ssh.riskReasons.map((r) => r.code)).toContain("owner_left");
    // A rewrite from GitHub keeps the owner-left reason (membership is ours).
    await upsertCredentials({ db: h.db, orgId, rows: rows([item(3, { credential_type: "SSH key", scopes: [], fingerprint: "SHA256:abc", authorized_credential_expires_at: null, credential_accessed_at: ago(0) })]), runId: 4, now });
    expect((await get(3)).riskReasons.map((r) => r.code)).toContain("owner_left");
  });

  it("counts active credentials for the org summary (high risk, owner left, no expiry, stale)", async () => {
    await upsertCredentials({ db: h.db, orgId, rows: rows([
      item(4, { scopes: ["repo", "admin:org"], authorized_credential_expires_at: null, credential_accessed_at: null }),
      item(5, { credential_accessed_at: ago(100) }),
    ]), runId: 4, now });
    expect(await countCredentials({ db: h.db, orgId, now })).toEqual({
      credentials: 4, credentialsHighRisk: 2, credentialsOwnerLeft: 1, credentialsNoExpiry: 2, credentialsStale: 2,
    });
    const figures = await computeOrgSummary({ db: h.db, orgId, now });
    expect(figures.counts).toMatchObject({ credentials: 4, credentialsHighRisk: 2, credentialsOwnerLeft: 1, credentialsNoExpiry: 2, credentialsStale: 2 });
    await saveOrgSummary({ db: h.db, orgId, summary: { ...figures, computedAt: now, sourceVersion: "v", computeMs: 1 } });
    expect((await readOrgSummary({ db: h.db, orgId }))!.counts.credentialsStale).toBe(2);
  });
});
