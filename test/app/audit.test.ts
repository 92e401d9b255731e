// The audit log page and its CSV export: URL filters, keyset pages, access, and the route's answers.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const { jar } = await import("./viewer-fixture.ts");
  return { cookies: async () => ({ get: (name: string) => (name === "pw_session" && jar.cookie ? { name, value: jar.cookie } : undefined) }) };
});

import { NextRequest } from "next/server";
import { GET as getAuditCsv } from "../../app/(dashboard)/orgs/[org]/audit.csv/route.ts";
import { listAuditView, AUDIT_PAGE_SIZE } from "../../app/_data/audit.ts";
import { getViewer } from "../../app/_data/viewer.ts";
import { clearDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import { parseAuditQuery } from "../../app/_lib/audit-query.ts";
import { appendAudit } from "../../db/queries/audit.ts";
import { recordDecision, type DecisionEntry } from "../../db/queries/audit-decisions.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import type { DbHandle } from "../../db/client.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertOrg } from "./factories.ts";
import { setUpRuntime, signInAs } from "./viewer-fixture.ts";

const now = new Date("2026-03-10T12:00:00Z");
let h: DbHandle;
let runtime: DashboardRuntime;

const as = async (login: string | null) => {
  await signInAs({ runtime, login, now });
  return getViewer();
};
const csv = async (path: string) => {
  const res = await getAuditCsv(new NextRequest(`http://dash.test${path}`), { params: Promise.resolve({ org: "acme" }) });
  return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), body: await res.text() };
};

beforeAll(async () => {
  h = await createTestDb();
  const acme = await insertOrg({ db: h.db, login: "acme" });
  const globex = await insertOrg({ db: h.db, login: "globex" });
  // 60 revocations by alice on 2026-03-01, two by Bob on 2026-03-05 (one with a formula for a reason), one in globex.
  for (let i = 0; i < 60; i++) {
    await appendAudit({
      db: h.db, orgId: acme.id, actor: "alice", actorType: "user", action: "grant.revoke", targetType: "grant", targetId: 100 + i,
      reason: "stale", result: "success", at: new Date("2026-03-01T10:00:00Z"), details: { outcome: "revoked", owner: "carol" },
    });
  }
  await appendAudit({ db: h.db, orgId: acme.id, actor: "Bob", actorType: "user", action: "org.pause", targetType: "org", targetId: acme.id, result: "success", at: new Date("2026-03-05T23:59:00Z") });
  await appendAudit({
    db: h.db, orgId: acme.id, actor: "Bob", actorType: "user", action: "request.deny", targetType: "request", targetId: 7,
    reason: "=HYPERLINK(\"http://evil\")", result: "success", at: new Date("2026-03-05T08:00:00Z"),
  });
  await appendAudit({ db: h.db, orgId: globex.id, actor: "gina", actorType: "user", action: "org.pause", result: "success", at: new Date("2026-03-05T08:00:00Z") });
  runtime = setUpRuntime({
    db: h.db, now: () => now,
    people: { members: { acme: { alice: { role: "admin", state: "active" }, mo: { role: "member", state: "active" } }, globex: { gina: { role: "admin", state: "active" } } } },
  });
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});

describe("audit filters in the URL", () => {
  it("reads actor, action and an inclusive UTC day range; blanks are no filter", () => {
    const q = parseAuditQuery(new URLSearchParams("actor=bob&action=org.pause&from=2026-03-05&to=2026-03-05&before=&x=1"));
    expect(q.filter).toEqual({ actor: "bob", action: "org.pause", since: new Date("2026-03-05T00:00:00Z"), until: new Date("2026-03-06T00:00:00Z") });
    expect(q.params.toString()).toBe("actor=bob&action=org.pause&from=2026-03-05&to=2026-03-05");
  });

  it("names the field that cannot be read", () => {
    expect(() => parseAuditQuery(new URLSearchParams("from=2026-02-30"))).toThrow("from: 2026-02-30 is not a calendar date");
    expect(() => parseAuditQuery(new URLSearchParams("to=yesterday"))).toThrow("to: must be a date like 2026-01-31");
    expect(() => parseAuditQuery(new URLSearchParams("from=2026-03-02&to=2026-03-01"))).toThrow('from: must not be after the "to" date');
    expect(() => parseAuditQuery(new URLSearchParams("action=DROP TABLE"))).toThrow("action: must be an action name like grant.revoke");
  });
});

describe("the audit log page's data", () => {
  it("pages newest first with a cursor; filters by actor without case, action and day", async () => {
    const viewer = (await as("alice"))!;
    const first = await listAuditView({ viewer, org: "acme", params: new URLSearchParams() });
    expect([first.total, first.rows.length, first.rows[0]!.action]).toEqual([62, AUDIT_PAGE_SIZE, "request.deny"]);
    expect(first.facets).toEqual({ actions: ["grant.revoke", "org.pause", "request.deny"], actors: ["Bob", "alice"] });
    const second = await listAuditView({ viewer, org: "acme", params: new URLSearchParams(`before=${first.nextBefore}`) });
    expect([second.rows.length, second.nextBefore]).toEqual([12, null]);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(62);

    const bob = await listAuditView({ viewer, org: "acme", params: new URLSearchParams("actor=bob") });
    expect(bob.rows.map((r) => r.action)).toEqual(["request.deny", "org.pause"]);
    const day = await listAuditView({ viewer, org: "acme", params: new URLSearchParams("from=2026-03-01&to=2026-03-01&action=grant.revoke") });
    expect([day.total, day.rows[0]!.details]).toEqual([60, "outcome: revoked · owner: carol"]);
    const bad = await listAuditView({ viewer, org: "acme", params: new URLSearchParams("from=soon") });
    expect([bad.rows, bad.error]).toEqual([[], "This filter cannot be applied: from: must be a date like 2026-01-31. Change it below, or clear the filters."]);
  });

  it("another org's entries are never shown, and a non-owner sees no log", async () => {
    const viewer = (await as("alice"))!;
    const all = await listAuditView({ viewer, org: "acme", params: new URLSearchParams("actor=gina") });
    expect(all.total).toBe(0);
    await expect(listAuditView({ viewer: (await as("mo"))!, org: "acme", params: new URLSearchParams() })).rejects.toMatchObject({ kind: "NotFound" });
  });
});

describe("GET /orgs/{org}/audit.csv", () => {
  it("streams the filtered log as CSV with formulas escaped", async () => {
    await as("alice");
    const r = await csv("/orgs/acme/audit.csv?actor=BOB");
    expect([r.status, r.type, r.disposition]).toEqual([200, "text/csv; charset=utf-8", 'attachment; filename="acme-audit-2026-03-10.csv"']);
    const lines = r.body.trim().split("\n");
    expect(lines[0]).toBe("id,at,actor,actor_type,action,target_type,target_id,reason,result,details,sources");
    expect(lines).toHaveLength(3);
    // Newest recorded first; a cell that starts with "=" gets a leading quote so no spreadsheet runs it.
    expect(lines[1]).toMatch(/^\d+,2026-03-05T08:00:00.000Z,Bob,user,request.deny,request,7,"'=HYPERLINK\(""http:\/\/evil""\)",success,{},Bob via dashboard$/);
    expect(lines[2]).toMatch(/^\d+,2026-03-05T23:59:00.000Z,Bob,user,org.pause,org,\d+,,success,{},Bob via dashboard$/);
  });

  it("exports more than one batch in full", async () => {
    await as("alice");
    const r = await csv("/orgs/acme/audit.csv?action=grant.revoke");
    const ids = r.body.trim().split("\n").slice(1).map((l) => l.split(",")[6]);
    expect(ids.sort()).toEqual(Array.from({ length: 60 }, (_, i) => String(100 + i)).sort());
  });

  it("refuses signed-out visitors, other orgs' owners and unreadable filters with a sentence", async () => {
    await as(null);
    expect(await csv("/orgs/acme/audit.csv")).toMatchObject({ status: 401, body: "You are signed out; sign in again to export the audit log.\n" });
    await as("gina");
    expect(await csv("/orgs/acme/audit.csv")).toMatchObject({ status: 404, body: "No org named acme is connected to patwarden.\n" });
    await as("alice");
    expect(await csv("/orgs/acme/audit.csv?to=2026-13-01")).toMatchObject({ status: 400, body: "to: 2026-13-01 is not a calendar date\n" });
  });
});

describe("a request decision reported twice", () => {
  it("is one row on the page, naming both sources and the webhook's delivery", async () => {
    const globex = (await listAuditView({ viewer: (await as("gina"))!, org: "globex", params: new URLSearchParams() }));
    const orgId = (await findOrgByLogin({ db: h.db, login: "globex" }))!.id;
    const decide = (entry: DecisionEntry) => h.db.transaction((tx) => recordDecision({ db: tx, orgId, requestId: 55, decision: "approved", entry }));
    await decide({ actor: "gina", actorType: "user", action: "request.approve", reason: "release", details: {} });
    await decide({ actor: "patwarden[bot]", actorType: "webhook", action: "request.approved", details: {}, deliveryId: "d-9" });
    const after = await listAuditView({ viewer: (await as("gina"))!, org: "globex", params: new URLSearchParams() });
    expect(after.total).toBe(globex.total + 1);
    expect(after.rows[0]).toMatchObject({ action: "request.approve", actor: "gina", sources: "gina via dashboard; patwarden[bot] via GitHub (delivery d-9)" });
    expect(after.rows.find((r) => r.actor === "gina" && r.action === "org.pause")!.sources).toBeNull();
    // Found by either source's name and either name of the decision.
    const byWebhook = await listAuditView({ viewer: (await as("gina"))!, org: "globex", params: new URLSearchParams("actor=PATWARDEN[bot]&action=request.approved") });
    expect(byWebhook.rows.map((r) => [r.action, r.actor])).toEqual([["request.approve", "gina"]]);
  });
});
