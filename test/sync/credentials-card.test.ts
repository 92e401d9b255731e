// The connection card's SSO credentials line, from the engine's connection data: the words of
// model/credentials.ts per status, the count and last sync only when the source is read, GitHub's
// message otherwise. The data comes from a real migrated database (PGlite, or Postgres).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialLine } from "../../app/_lib/org-status.ts";
import { readConnections } from "../../bot/orgs/dashboard-reads.ts";
import { toCredentialRow } from "../../bot/sync/credential-map.ts";
import type { DbHandle } from "../../db/client.ts";
import { markCredentialsSynced, setCredentialSource } from "../../db/queries/credential-source.ts";
import { removeCredentials, upsertCredentials } from "../../db/queries/credential-sync.ts";
import type { EngineContext } from "../../bot/engine-context.ts";
import { insertOrg } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";

const now = new Date("2026-06-01T00:00:00Z");
const item = (id: number) => ({
  id, credential_id: id, login: "a", credential_type: "SSH key", token_last_eight: null, credential_authorized_at: now, scopes: [],
  fingerprint: "SHA256:x", credential_accessed_at: null, authorized_credential_id: id, authorized_credential_title: "k",
  authorized_credential_note: null, authorized_credential_expires_at: null,
});

describe("the org card's credentials line", () => {
  let h: DbHandle;
  let acme: number;
  let globex: number;
  let fresh: number;
  beforeAll(async () => {
    h = await createTestDb();
    acme = (await insertOrg({ db: h.db, login: "acme" })).id;
    globex = (await insertOrg({ db: h.db, login: "globex" })).id;
    fresh = (await insertOrg({ db: h.db, login: "fresh" })).id;
    await upsertCredentials({ db: h.db, orgId: acme, rows: [1, 2, 3].map((id) => toCredentialRow({ item: item(id), now })), runId: 1, now });
    await removeCredentials({ db: h.db, orgId: acme, removals: [{ credentialId: 3, reason: "revoked_elsewhere" }], now });
    await setCredentialSource({ db: h.db, orgId: acme, status: "available", detail: null, now });
    await markCredentialsSynced({ db: h.db, orgId: acme, at: now });
    await setCredentialSource({ db: h.db, orgId: globex, status: "not_available", detail: "Not Found", now });
  }, 120_000);
  afterAll(() => h?.close());

  it("says synced with the active count and last sync, not available with GitHub's message, not checked yet", async () => {
    const connections = await readConnections({ db: h.db } as EngineContext, { orgIds: [acme, globex, fresh] });
    expect(connections.map((c) => credentialLine(c.credentials))).toEqual([
      { status: "available", text: "SSO credential authorizations: synced", count: 2, lastSyncAt: now, detail: null },
      { status: "not_available", text: "SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO", count: null, lastSyncAt: null, detail: "Not Found" },
      { status: "unknown", text: "SSO credential authorizations: not checked yet", count: null, lastSyncAt: null, detail: null },
    ]);
    expect(credentialLine({ status: "forbidden", detail: "Resource not accessible by integration", lastSyncAt: null, active: 0 }).text)
      .toBe("SSO credential authorizations: not readable — the App needs Administration (read) on the org");
  });
});
