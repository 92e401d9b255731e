// The credentials inventory read side (db/queries/credentials.ts through engine.credentials): every
// SQL condition of the filter table selects exactly its rows, and keyset paging walks every sort
// and direction forwards and backwards to the same rows as the whole list (ties, nulls, microseconds).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../bot/engine.ts";
import type { DbHandle } from "../../db/client.ts";
import { CREDENTIAL_CONDITIONS } from "../../db/queries/credentials.ts";
import { CREDENTIAL_SORT_COLUMNS, type CredentialFilter } from "../../model/credential-filter.ts";
import { SORT_DIRECTIONS } from "../../model/grant-filter.ts";
import { orgs } from "../../db/schema.ts";
import { insertOrg } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { insertCredential } from "./factories.ts";

const now = new Date("2030-06-01T00:00:00Z");
const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
let h: DbHandle;
let engine: Engine;
let orgId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await createTestDb();
  engine = testEngine({ db: h.db, now: () => now });
  orgId = (await insertOrg({ db: h.db, login: "creds" })).id;
  const other = (await insertOrg({ db: h.db, login: "creds-other" })).id;
  const add = async (name: string, spec: Parameters<typeof insertCredential>[0]["spec"]) => (ids[name] = await insertCredential({ db: h.db, orgId, spec }));
  await add("broad", { login: "Alice", scopes: ["repo", "admin:org", "delete_repo"], accessedAt: day(-200), riskScore: 90, note: "deploy bot" });
  await add("workflow", { login: "bob", scopes: ["workflow", "read:org"], accessedAt: day(-5), expiresAt: day(30), riskScore: 20 });
  await add("expired", { login: "bob", scopes: ["gist"], accessedAt: null, expiresAt: day(-1), riskScore: 40, tokenLastEight: "zz99yy88" });
  await add("ssh", { login: "carol", credentialType: "SSH key", tokenLastEight: null, scopes: [], fingerprint: "SHA256:abcKEYdef", title: "laptop", ownerIsMember: false, riskScore: 70 });
  await add("oauth", { login: "dave", credentialType: "OAuth app token", scopes: ["read:user"], accessedAt: day(-40), ownerIsMember: true, riskScore: 10 });
  await add("app", { login: "erin", credentialType: "GitHub app token", scopes: [], accessedAt: day(-1), riskScore: 5 });
  await add("removed", { login: "alice", scopes: ["repo"], removedAt: day(-2), removalReason: "revoked_by_patwarden", riskScore: 95 });
  await insertCredential({ db: h.db, orgId: other, spec: { login: "alice", scopes: ["repo"], riskScore: 99 } });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const matching = async (filter: CredentialFilter) =>
  (await engine.credentials.list({ orgId, filter, sort: "id", direction: "asc", perPage: 500 })).rows.map((r) => r.credentialId);
const named = (...names: string[]) => names.map((n) => ids[n]!).sort((a, b) => a - b);

describe("credential filter conditions", () => {
  const cases: { [K in keyof typeof CREDENTIAL_CONDITIONS]: [CredentialFilter, string[]][] } = {
    type: [[{ type: ["ssh_key", "oauth_app_token"] }, ["ssh", "oauth"]], [{ type: ["github_app_token"] }, ["app"]]],
    owner: [[{ owner: ["ALICE", "carol"] }, ["broad", "ssh"]]],
    scope: [[{ scope: ["admin:org", "workflow"] }, ["broad", "workflow"]], [{ scope: ["repo"] }, ["broad"]]],
    accessedBefore: [[{ accessedBefore: day(-30) }, ["broad", "oauth"]]],
    accessedAfter: [[{ accessedAfter: day(-30) }, ["workflow", "app"]]],
    neverAccessed: [[{ neverAccessed: true }, ["expired", "ssh"]]],
    noExpiry: [[{ noExpiry: true }, ["broad", "ssh", "oauth", "app"]]],
    expired: [[{ expired: true }, ["expired"]]],
    ownerLeft: [[{ ownerLeft: true }, ["ssh"]]],
    riskMin: [[{ riskMin: 70 }, ["broad", "ssh"]]],
    q: [[{ q: "DEPLOY" }, ["broad"]], [{ q: "keydef" }, ["ssh"]], [{ q: "zz99" }, ["expired"]], [{ q: "lapt" }, ["ssh"]], [{ q: "%" }, []]],
    state: [[{ state: "removed" }, ["removed"]], [{ state: "all" }, ["broad", "workflow", "expired", "ssh", "oauth", "app", "removed"]]],
  };
  for (const [key, list] of Object.entries(cases)) {
    for (const [filter, expected] of list) {
      it(`${key}: ${JSON.stringify(filter)}`, async () => {
        expect(await matching(filter)).toEqual(named(...expected));
      });
    }
  }

  it("ANDs conditions, and counts them", async () => {
    const filter: CredentialFilter = { owner: ["bob"], riskMin: 30 };
    expect(await matching(filter)).toEqual(named("expired"));
    expect(await engine.credentials.count({ orgId, filter: {} })).toEqual({ total: 6, capped: false });
    expect(await engine.credentials.count({ orgId, filter: {}, cap: 4 })).toEqual({ total: 4, capped: true });
  });
});

describe("credentials.list and get", () => {
  it("rows carry their kind, expiry now and the org's source status", async () => {
    await h.db.update(orgs).set({ credentialsStatus: "available", credentialsCheckedAt: now }).where(sql`${orgs.id} = ${orgId}`);
    const list = await engine.credentials.list({ orgId, filter: { owner: ["bob"] }, sort: "risk" });
    expect(list.rows.map((r) => [r.credentialId, r.kind, r.expired])).toEqual([[ids.expired, "classic_pat", true], [ids.workflow, "classic_pat", false]]);
    expect(list.source).toMatchObject({ status: "available", checkedAt: now });
    expect(list).toMatchObject({ total: 2, totalCapped: false, nextCursor: null, prevCursor: null });
  });

  it("get: one credential with its other authorizations; another org's id is NotFound", async () => {
    const again = await insertCredential({ db: h.db, orgId, spec: { login: "carol", credentialType: "SSH key", authorizedCredentialId: 4242, authorizedAt: day(-1) } });
    const before = await insertCredential({ db: h.db, orgId, spec: { login: "carol", credentialType: "SSH key", authorizedCredentialId: 4242, removedAt: day(-3), removalReason: "revoked_elsewhere" } });
    const detail = await engine.credentials.get({ orgId, credentialId: again });
    expect(detail.kind).toBe("ssh_key");
    expect(detail.authorizations.map((a) => [a.credentialId, a.removalReason])).toEqual([[before, "revoked_elsewhere"]]);
    expect(detail.audit).toEqual([]);
    const otherOrg = (await engine.orgs.resolve({ login: "creds-other" })).id;
    await expect(engine.credentials.get({ orgId: otherOrg, credentialId: again })).rejects.toMatchObject({ kind: "NotFound" });
  });
});

describe("keyset paging", () => {
  let pagedOrg: number;
  beforeAll(async () => {
    pagedOrg = (await insertOrg({ db: h.db, login: "creds-paged" })).id;
    const logins = ["Alice", "alice", "bob", "Émile", "zed"];
    const types = ["personal access token", "SSH key", "OAuth app token", "GitHub app token"];
    for (let i = 0; i < 29; i++) {
      await insertCredential({
        db: h.db, orgId: pagedOrg, spec: {
          login: logins[i % 5]!, credentialType: types[i % 4]!,
          accessedAt: i % 6 === 0 ? null : day(-(i % 4) * 10), expiresAt: i % 5 === 0 ? null : day((i % 3) * 30 - 10),
          authorizedAt: day(-(i % 7)), riskScore: (i % 4) * 25,
        },
      });
    }
    await h.db.execute(sql`update credentials set authorized_at = authorized_at + (credential_id % 3) * interval '1 microsecond' where org_id = ${pagedOrg}`);
  }, 120_000);

  for (const sort of CREDENTIAL_SORT_COLUMNS) {
    for (const direction of SORT_DIRECTIONS) {
      it(`${sort} ${direction}: pages of 4 forwards and back equal the whole list`, async () => {
        const all = (await engine.credentials.list({ orgId: pagedOrg, filter: {}, sort, direction, perPage: 500 })).rows.map((r) => r.credentialId);
        expect(all).toHaveLength(29);
        const forward: number[] = [];
        let page = await engine.credentials.list({ orgId: pagedOrg, filter: {}, sort, direction, perPage: 4 });
        expect(page.prevCursor).toBeNull();
        const pages = [page];
        forward.push(...page.rows.map((r) => r.credentialId));
        while (page.nextCursor) {
          page = await engine.credentials.list({ orgId: pagedOrg, filter: {}, sort, direction, perPage: 4, after: page.nextCursor });
          pages.push(page);
          forward.push(...page.rows.map((r) => r.credentialId));
        }
        expect(forward).toEqual(all);
        expect(pages).toHaveLength(8);
        expect(page.total).toBe(29);
        // Back from the last page by `before`: each page is the one walked forwards.
        for (let i = pages.length - 1; i > 0; i--) {
          const back = await engine.credentials.list({ orgId: pagedOrg, filter: {}, sort, direction, perPage: 4, before: pages[i]!.prevCursor! });
          expect(back.rows.map((r) => r.credentialId)).toEqual(pages[i - 1]!.rows.map((r) => r.credentialId));
          expect(back.prevCursor === null).toBe(i === 1);
        }
      });
    }
  }

  it("a cursor of another sort names the field as the face shows it", async () => {
    const page = await engine.credentials.list({ orgId: pagedOrg, filter: {}, sort: "risk", perPage: 2 });
    await expect(engine.credentials.list({ orgId: pagedOrg, filter: {}, sort: "owner", after: page.nextCursor!, fieldStyle: "flag" }))
      .rejects.toMatchObject({ kind: "InvalidInput", field: "--after" });
  });
});
