// The enterprise roll-up (orgs.rollup, `patwarden orgs`): per installed org and in total, from the
// stored summaries; uninstalled and never-installed orgs are left out, as with --org all.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { orgs } from "../../db/schema.ts";
import type { Engine } from "../../bot/engine.ts";
import { insertGrant, insertOrg, insertRequest, insertSyncRun } from "../app/factories.ts";
import { insertCredential } from "../credentials/factories.ts";
import { runCli } from "../cli/run-cli.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";

const now = new Date();
const DAY = 86_400_000;
let h: DbHandle;
let engine: Engine;
let acmeId: number;
let globexId: number;

beforeAll(async () => {
  h = await createTestDb();
  const db = h.db;
  const acme = await insertOrg({ db, login: "acme" });
  const globex = await insertOrg({ db, login: "Globex", installation: { status: "suspended" }, syncPaused: true });
  const gone = await insertOrg({ db, login: "gone", installation: { status: "uninstalled" } });
  await insertOrg({ db, login: "never", installation: null });
  [acmeId, globexId] = [acme.id, globex.id];
  const g = (orgId: number, spec: Parameters<typeof insertGrant>[0]["spec"]) => insertGrant({ db, orgId, now, spec });
  await g(acme.id, { lastUsedDaysAgo: 1, riskScore: 80 });
  await g(acme.id, { lastUsedDaysAgo: 200, riskScore: 10 }); // stale
  await g(acme.id, { lastUsedDaysAgo: 3, riskScore: 75, ownerIsMember: false });
  await g(acme.id, { lastUsedDaysAgo: 2, riskScore: 90, removedAt: now, removalReason: "revoked_elsewhere" }); // removed: not counted
  await g(globex.id, { lastUsedDaysAgo: null, riskScore: 20 }); // never used, granted 400 days ago: stale
  await g(gone.id, { lastUsedDaysAgo: 1, riskScore: 99 });
  await insertRequest({ db, orgId: acme.id, now, spec: {} });
  await insertRequest({ db, orgId: acme.id, now, spec: {} });
  await insertRequest({ db, orgId: acme.id, now, spec: { status: "approved" } });
  await insertRequest({ db, orgId: globex.id, now, spec: {} });
  await insertSyncRun({ db, orgId: acme.id, startedAt: new Date(now.getTime() - DAY), status: "failed", error: "boom" });
  await insertSyncRun({ db, orgId: acme.id, startedAt: new Date(now.getTime() - 3_600_000) });
  await db.update(orgs).set({ credentialsStatus: "not_available", credentialsDetail: "Not Found" }).where(eq(orgs.id, globex.id));
  // Enterprise Cloud with SSO: three authorizations (one high risk, one whose owner left, one SSH key with no expiry), one removed.
  await db.update(orgs).set({ credentialsStatus: "available" }).where(eq(orgs.id, acme.id));
  const soon = new Date(now.getTime() + 30 * DAY);
  await insertCredential({ db, orgId: acme.id, spec: { riskScore: 85, expiresAt: soon, accessedAt: now } });
  await insertCredential({ db, orgId: acme.id, spec: { riskScore: 20, ownerIsMember: false, expiresAt: soon, accessedAt: now } });
  await insertCredential({ db, orgId: acme.id, spec: { riskScore: 30, credentialType: "SSH key", scopes: [], accessedAt: now } });
  await insertCredential({ db, orgId: acme.id, spec: { riskScore: 95, removedAt: now, removalReason: "revoked_elsewhere" } });
  engine = testEngine({ handle: h, now: () => now });
});
afterAll(async () => {
  await engine?.orgs.idle({});
  await h?.close();
});

describe("orgs.rollup", () => {
  it("counts each installed org from its summary, with pending requests and the last sync, and sums them", async () => {
    const { orgs: rows, total } = await engine.orgs.rollup({});
    expect(rows.map((r) => r.login)).toEqual(["acme", "Globex"]);
    const [acme, globex] = rows;
    expect(acme).toMatchObject({
      installationStatus: "active", syncPaused: false, grants: 3, stale: 1, highRisk: 2, ownerLeft: 1, pendingRequests: 2,
      credentialsStatus: "available", credentials: { total: 3, highRisk: 1, ownerLeft: 1, noExpiry: 1, stale: 0 },
      lastSync: { status: "succeeded", kind: "full" },
    });
    expect(acme!.lastSync!.startedAt.getTime()).toBe(now.getTime() - 3_600_000);
    expect(acme!.asOf.getTime()).toBe(now.getTime());
    expect(globex).toMatchObject({
      installationStatus: "suspended", syncPaused: true, grants: 1, stale: 1, highRisk: 0, ownerLeft: 0, pendingRequests: 1,
      credentialsStatus: "not_available", credentials: null, lastSync: null,
    });
    expect(total).toMatchObject({ orgs: 2, grants: 4, stale: 2, highRisk: 2, ownerLeft: 1, pendingRequests: 3, credentialOrgs: 1 });
    expect(total.credentials).toEqual({ total: 3, highRisk: 1, ownerLeft: 1, noExpiry: 1, stale: 0 });
  });

  it("limits to the orgs asked for (the dashboard's visible ones), still only installed ones", async () => {
    const { orgs: rows, total } = await engine.orgs.rollup({ orgIds: [globexId] });
    expect(rows.map((r) => r.login)).toEqual(["Globex"]);
    expect(total.grants).toBe(1);
    expect((await engine.orgs.rollup({ orgIds: [] })).orgs).toEqual([]);
    const all = (await engine.orgs.list({})).map((o) => o.id);
    expect((await engine.orgs.rollup({ orgIds: all })).orgs.map((r) => r.orgId)).toEqual([acmeId, globexId]);
  });
});

describe("patwarden orgs", () => {
  const cli = (...argv: string[]) => runCli(argv, { db: h, env: { LOG_LEVEL: "silent", PATWARDEN_DATA_DIR: "/nonexistent-h6" } });

  it("json: an array of the installed orgs under stable names; --totals wraps it with the total", async () => {
    const r = await cli("orgs", "--format", "json");
    expect([r.code, r.err]).toEqual([0, ""]);
    const list = JSON.parse(r.out) as Record<string, unknown>[];
    expect(list.map((o) => o.org)).toEqual(["acme", "Globex"]);
    expect(list[0]).toMatchObject({
      installation: "active", sync_paused: false, last_sync_status: "succeeded", grants: 3, stale: 1, high_risk: 2, owner_left: 1,
      credentials_source: "available", credentials: 3, credentials_high_risk: 1, credentials_owner_left: 1, credentials_no_expiry: 1, pending_requests: 2,
    });
    expect(list[1]).toMatchObject({ installation: "suspended", sync_paused: true, last_sync_at: null, credentials_source: "not_available", credentials: null });
    const t = await cli("orgs", "--format", "json", "--totals");
    const withTotal = JSON.parse(t.out) as { orgs: unknown[]; total: Record<string, unknown> };
    expect(withTotal.orgs).toEqual(list);
    expect(withTotal.total).toMatchObject({ orgs: 2, grants: 4, stale: 2, high_risk: 2, owner_left: 1, pending_requests: 3, credential_orgs: 1, credentials: 3 });
  });

  it("table: a line per org and a total, the as-of time, and why an org has no credential figures", async () => {
    const r = await cli("orgs", "--wide");
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Org\s+Installation\s+Last sync\s+Grants\s+Stale\s+High risk\s+Owner left\s+Credentials\s+high risk\s+owner left\s+no expiry\s+Pending$/);
    expect(lines[1]).toMatch(/^acme\s+active\s+\d{4}-\d\d-\d\d ok\s+3\s+1\s+2\s+1\s+3\s+1\s+1\s+1\s+2$/);
    expect(lines[2]).toMatch(/^Globex\s+suspended, paused\s+never\s+1\s+1\s+0\s+0\s+not available\s+1$/);
    expect(lines[3]).toMatch(/^\(total\)\s+4\s+2\s+2\s+1\s+3\s+1\s+1\s+1\s+3$/);
    // In a 120-column pipe the credentials' owner-left and no-expiry columns give way first, and it says so.
    const fitted = await cli("orgs");
    expect(fitted.out.split("\n")[0]).toMatch(/^Org\s+Installation\s+Last sync\s+Grants\s+Stale\s+High risk\s+Owner left\s+Credentials\s+high risk\s+Pending$/);
    expect(fitted.err).toContain("left out: owner left, no expiry; --wide shows everything");
    expect(r.err).toContain("2 installed orgs; counts as of ");
    expect(r.err).toContain("Globex: SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO\n");
    const csv = await cli("orgs", "--format", "csv", "--totals");
    const rows = csv.out.trim().split("\n");
    expect(rows[0]!.startsWith("org,installation,sync_paused,")).toBe(true);
    expect(rows.map((l) => l.split(",")[0])).toEqual(["org", "acme", "Globex", "(total)"]);
    expect((await cli("orgs", "--format", "csv")).out.trim().split("\n").length).toBe(3);
  });
});
