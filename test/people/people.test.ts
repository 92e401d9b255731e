// people.get and people.list on real migrations: two orgs, a member who left one of them, an
// owner, a person known only by a pending request, and a stranger.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../bot/engine.ts";
import type { DbHandle } from "../../db/client.ts";
import { appendAudit } from "../../db/queries/audit.ts";
import { insertGrant, insertOrg, insertRequest } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { insertCredential, insertMember } from "./factories.ts";

const now = new Date("2026-12-05T12:00:00Z");
let handle: DbHandle;
let engine: Engine;
let acme: { id: number }, globex: { id: number }, gone: { id: number };
let departedGrant: number, removedGrant: number, departedCredential: number;

beforeAll(async () => {
  handle = await createTestDb();
  const db = handle.db;
  engine = testEngine({ handle, now: () => now });
  acme = await insertOrg({ db, login: "acme" });
  globex = await insertOrg({ db, login: "globex" });
  gone = await insertOrg({ db, login: "gone", installation: null });
  // Dana left acme (still in globex), holds grants and a credential in acme, a grant in globex.
  await insertMember({ db, orgId: acme.id, login: "Dana", leftAt: new Date("2026-12-01T00:00:00Z") });
  await insertMember({ db, orgId: globex.id, login: "dana", role: "admin" });
  departedGrant = await insertGrant({ db, orgId: acme.id, now, spec: { ownerLogin: "Dana", riskScore: 80, lastUsedDaysAgo: 3, permissions: { repository: { contents: "write" } } } });
  await insertGrant({ db, orgId: globex.id, now, spec: { ownerLogin: "dana", riskScore: 20 } });
  removedGrant = await insertGrant({ db, orgId: acme.id, now, spec: { ownerLogin: "dana", removedAt: new Date("2026-11-20T00:00:00Z"), removalReason: "revoked_by_patwarden" } });
  await appendAudit({ db, orgId: acme.id, actor: "sec-lead", actorType: "user", action: "grant.revoke", targetType: "grant", targetId: removedGrant, reason: "left the team", result: "success", at: new Date("2026-11-20T00:00:00Z") });
  departedCredential = await insertCredential({ db, orgId: acme.id, login: "dana", spec: { riskScore: 90, scopes: ["repo", "admin:org"], accessedAt: new Date("2026-12-04T00:00:00Z") } });
  await insertGrant({ db, orgId: gone.id, now, spec: { ownerLogin: "dana", riskScore: 99 } });
  // Others: a member with nothing, one with a low-risk grant, one with only a pending request.
  await insertMember({ db, orgId: acme.id, login: "erin" });
  await insertMember({ db, orgId: acme.id, login: "frank" });
  await insertGrant({ db, orgId: acme.id, now, spec: { ownerLogin: "frank", riskScore: 30 } });
  await insertGrant({ db, orgId: acme.id, now, spec: { ownerLogin: "frank", riskScore: 10 } });
  await insertRequest({ db, orgId: globex.id, now, spec: { ownerLogin: "gail" } });
  // Hank is absent from acme's member list and the member sync marked his grant "owner left".
  await insertGrant({ db, orgId: acme.id, now, spec: { ownerLogin: "hank", riskScore: 5, ownerIsMember: false } });
});
afterAll(() => handle?.close());

describe("people.get", () => {
  it("shows a departed member's grants and credentials in every installed org, with membership per org", async () => {
    const p = await engine.people.get({ login: "DANA" });
    expect(p.orgs.map((o) => [o.org, o.membership])).toEqual([["acme", "left"], ["globex", "owner"]]);
    expect(p.leftOrgs).toEqual(["acme"]);
    const acmeView = p.orgs.find((o) => o.org === "acme")!;
    expect(acmeView.grants.map((g) => g.id)).toEqual([departedGrant]);
    expect(acmeView.grants[0]!.permissions).toEqual(["contents:write"]);
    expect(acmeView.credentials).toMatchObject([{ id: departedCredential, kind: "classic_pat", scopes: ["repo", "admin:org"], lastEight: "abcd1234", risk: 90 }]);
    expect(p.totals).toEqual({ grants: 2, credentials: 1, requests: 0 });
    expect(p.maxRisk).toBe(90);
    expect(p.lastUsedAt).toEqual(new Date("2026-12-04T00:00:00Z"));
  });

  it("keeps removed grants in the history with who revoked them and why", async () => {
    const p = await engine.people.get({ login: "dana" });
    expect(p.history.removed).toEqual([expect.objectContaining({
      org: "acme", kind: "grant", id: removedGrant, removalReason: "revoked_by_patwarden",
      revokedBy: { actor: "sec-lead", at: new Date("2026-11-20T00:00:00Z"), reason: "left the team" },
    })]);
    expect(p.history.audit.map((a) => [a.action, a.actor, a.org])).toEqual([["grant.revoke", "sec-lead", "acme"]]);
  });

  it("looks only at the orgs given", async () => {
    const p = await engine.people.get({ login: "dana", orgIds: [globex.id] });
    expect(p.orgs.map((o) => o.org)).toEqual(["globex"]);
    expect(p.history.removed).toEqual([]);
    await expect(engine.people.get({ login: "dana", orgIds: [gone.id] })).rejects.toMatchObject({ kind: "InvalidInput", field: "orgIds" });
  });

  it("says never for an org whose members are synced, and NotFound for a stranger", async () => {
    const p = await engine.people.get({ login: "gail" });
    expect(p.orgs.map((o) => o.membership)).toEqual(["never", "never"]);
    expect(p.orgs[1]!.requests).toHaveLength(1);
    await expect(engine.people.get({ login: "nobody-here" })).rejects.toMatchObject({ kind: "NotFound" });
    await expect(engine.people.get({ login: "not a login!" })).rejects.toMatchObject({ kind: "InvalidInput", field: "login" });
  });

  it("says left for someone GitHub no longer lists whose grants are marked owner-left", async () => {
    const p = await engine.people.get({ login: "hank" });
    expect(p.orgs.map((o) => [o.org, o.membership])).toEqual([["acme", "left"], ["globex", "never"]]);
    expect(p.leftOrgs).toEqual(["acme"]);
  });
});

describe("people.list", () => {
  it("lists everyone with something or a membership, riskiest first, with counts and where they left", async () => {
    const { rows, nextCursor } = await engine.people.list({});
    expect(rows.map((r) => [r.key, r.maxRisk])).toEqual([["dana", 90], ["frank", 30], ["hank", 5], ["erin", 0], ["gail", 0]]);
    expect(rows[0]).toMatchObject({ grants: 2, credentials: 1, requests: 0, orgs: ["acme", "globex"], leftOrgs: ["acme"] });
    expect(rows[1]).toMatchObject({ grants: 2, orgs: ["acme"], leftOrgs: [] });
    expect(rows[2]).toMatchObject({ grants: 1, leftOrgs: ["acme"] });
    expect(rows[4]).toMatchObject({ requests: 1, orgs: ["globex"] });
    expect(nextCursor).toBeNull();
  });

  it("searches part of a login, sorts by login or grants, and pages by keyset", async () => {
    expect((await engine.people.list({ q: "AN" })).rows.map((r) => r.key)).toEqual(["dana", "frank", "hank"]);
    expect((await engine.people.list({ q: "%" })).rows).toEqual([]);
    const byLogin = await engine.people.list({ sort: "login", limit: 3 });
    expect(byLogin.rows.map((r) => r.key)).toEqual(["dana", "erin", "frank"]);
    const next = await engine.people.list({ sort: "login", limit: 3, after: byLogin.nextCursor! });
    expect(next.rows.map((r) => r.key)).toEqual(["gail", "hank"]);
    expect(next.nextCursor).toBeNull();
    const byGrants = await engine.people.list({ sort: "grants", limit: 1 });
    const second = await engine.people.list({ sort: "grants", limit: 1, after: byGrants.nextCursor! });
    expect([byGrants.rows[0]!.key, second.rows[0]!.key]).toEqual(["dana", "frank"]);
    await expect(engine.people.list({ sort: "risk", after: byLogin.nextCursor! })).rejects.toMatchObject({ kind: "InvalidInput", field: "after" });
    await expect(engine.people.list({ limit: 0 })).rejects.toMatchObject({ kind: "InvalidInput", field: "limit" });
  });

  it("counts only the orgs given", async () => {
    const { rows } = await engine.people.list({ orgIds: [globex.id] });
    expect(rows.map((r) => [r.key, r.grants])).toEqual([["dana", 1], ["gail", 0]]);
  });
});
