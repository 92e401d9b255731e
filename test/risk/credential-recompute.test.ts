// The daily rescoring of SSO credentials on a real migrated database (PGlite, or Postgres with
// DATABASE_URL): idle days grow with the clock, owner-left stays, a second run changes nothing.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreCredential } from "../../bot/risk/credential-score.ts";
import { recomputeCredentialRiskScores } from "../../bot/risk/recompute.ts";
import { toCredentialRow } from "../../bot/sync/credential-map.ts";
import type { DbHandle } from "../../db/client.ts";
import { refreshCredentialOwnerIsMember, upsertCredentials } from "../../db/queries/credential-sync.ts";
import { upsertMembers } from "../../db/queries/members.ts";
import { credentials } from "../../db/schema.ts";
import { insertOrg } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";

const DAY = 86_400_000;
const now = new Date("2026-06-01T00:00:00Z");
const item = (id: number, login: string) => ({
  id, credential_id: id, login, credential_type: "personal access token", token_last_eight: "12345678", credential_authorized_at: new Date(now.getTime() - 10 * DAY),
  scopes: ["repo"], fingerprint: null, credential_accessed_at: now, authorized_credential_id: id, authorized_credential_title: null,
  authorized_credential_note: null, authorized_credential_expires_at: null,
});

describe("recomputeCredentialRiskScores", () => {
  let h: DbHandle;
  let orgId: number;
  beforeAll(async () => {
    h = await createTestDb();
    orgId = (await insertOrg({ db: h.db, login: "acme" })).id;
    await upsertMembers({ db: h.db, orgId, members: [{ userId: 1, login: "stays", role: "member" }], runId: 1, now });
    await upsertCredentials({ db: h.db, orgId, rows: [item(1, "stays"), item(2, "left")].map((i) => toCredentialRow({ item: i, now })), runId: 1, now });
    await refreshCredentialOwnerIsMember({ db: h.db, orgId });
  }, 120_000);
  afterAll(() => h?.close());
  const get = async (id: number) => (await h.db.select().from(credentials).where(and(eq(credentials.orgId, orgId), eq(credentials.credentialId, id))))[0]!;

  it("brings idle days up to a later clock, keeps owner-left, then changes nothing", async () => {
    expect((await get(1)).riskScore).toBe(55);
    expect((await get(2)).riskScore).toBe(80);
    const later = new Date(now.getTime() + 100 * DAY);
    expect(await recomputeCredentialRiskScores({ db: h.db, orgId, now: later })).toEqual({ scanned: 2, changed: 2 });
    const one = await get(1);
    expect(one.riskReasons).toContainEqual({ code: "idle_over_90", points: 15, text: "not accessed for 100 days" });
    expect(one.riskScore).toBe(70);
    expect({ score: one.riskScore, reasons: one.riskReasons }).toEqual(scoreCredential(one, later));
    const two = await get(2);
    expect(two.riskReasons.map((r) => r.code)).toContain("owner_left");
    expect(two.riskScore).toBe(95);
    expect(await recomputeCredentialRiskScores({ db: h.db, orgId, now: later })).toEqual({ scanned: 2, changed: 0 });
  });
});
