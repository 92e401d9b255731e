// The server-only data layer, outside Next: cookies come from a fake jar, GitHub from a fake API,
// the database is real. Every read and action must refuse what the viewer may not see.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const jar = vi.hoisted(() => ({ cookie: undefined as string | undefined }));
vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (name === "pw_session" && jar.cookie ? { name, value: jar.cookie } : undefined) }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import { loadEnv } from "../../bot/env.ts";
import type { DbHandle } from "../../db/client.ts";
import { findDashboardOrg } from "../../db/queries/overview.ts";
import { listAudit } from "../../db/queries/audit.ts";
import type { GitHubUserApi, Membership } from "../../app/_lib/github-user.ts";
import { sealSession, type Session } from "../../app/_lib/session.ts";
import { clearDashboardRuntime, setDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import { getViewer } from "../../app/_data/viewer.ts";
import { listOrgCards } from "../../app/_data/orgs.ts";
import { getGrantDetail } from "../../app/_data/grants.ts";
import { listGrantTable } from "../../app/_data/grant-table.ts";
import { getOrgOverview } from "../../app/_data/overview.ts";
import { checkOrgAccess } from "../../app/_data/org-access.ts";
import { disconnectAction, setPausedAction } from "../../app/(dashboard)/orgs/actions.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertGrant, insertOrg } from "./factories.ts";
import { testEngine } from "../helpers/engine.ts";

const MEMBERSHIPS: Record<string, Record<string, Membership>> = {
  acme: { alice: { role: "admin", state: "active" }, sam: { role: "member", state: "active" }, mo: { role: "member", state: "active" } },
  globex: { gina: { role: "admin", state: "active" } },
};
const github: GitHubUserApi = {
  authorizeUrl: () => "", exchangeCode: async () => "", getUser: async ({ token }) => ({ id: 1, login: token, name: null, avatarUrl: null }),
  getOrgMembership: async ({ token, org }) => MEMBERSHIPS[org]?.[token] ?? null,
  getTeamMembership: async ({ org, login }) => (org === "acme" && login === "sam" ? { state: "active" } : null),
};

let h: DbHandle;
let runtime: DashboardRuntime;
let acmeGrant: number;
let globexGrant: number;
const now = new Date();

async function signInAs(login: string | null) {
  if (!login) {
    jar.cookie = undefined;
    return;
  }
  const session: Session = { user: { id: 1, login, name: null, avatarUrl: null }, token: login, orgs: {}, signedInAt: now.getTime() };
  jar.cookie = await sealSession({ key: runtime.sessionKey, session });
}
async function viewer() {
  // getViewer is cached per request by React's cache(); outside a request every call reads anew.
  return getViewer();
}
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

beforeAll(async () => {
  h = await createTestDb();
  const acme = await insertOrg({ db: h.db, login: "acme" });
  const globex = await insertOrg({ db: h.db, login: "globex" });
  acmeGrant = await insertGrant({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "alice", lastUsedDaysAgo: 100 } });
  await insertGrant({ db: h.db, orgId: acme.id, now, spec: { ownerLogin: "bob", lastUsedDaysAgo: 1 } });
  globexGrant = await insertGrant({ db: h.db, orgId: globex.id, now, spec: { ownerLogin: "gina" } });
  runtime = setDashboardRuntime({ engine: testEngine({ handle: h }), env: loadEnv({ SESSION_SECRET: "k".repeat(40) }), github, securityTeams: "acme:security:read" });
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});

describe("the data layer checks the viewer on every call", () => {
  it("signed out: no viewer, and org reads refuse", async () => {
    await signInAs(null);
    expect(await viewer()).toBeNull();
    await expect(checkOrgAccess({ viewer: null, org: "acme" })).rejects.toMatchObject({ kind: "Forbidden" });
  });

  it("a tampered cookie is no session", async () => {
    await signInAs("alice");
    jar.cookie = `${jar.cookie!.slice(0, -4)}AAAA`;
    expect(await viewer()).toBeNull();
  });

  it("an owner sees only their org, its grants, and not another org's grant by id", async () => {
    await signInAs("alice");
    const v = (await viewer())!;
    expect((await listOrgCards({ viewer: v })).map((c) => c.login)).toEqual(["acme"]);
    const table = await listGrantTable({ viewer: v, org: "acme", params: new URLSearchParams("stale-days=90") });
    expect([table.total, table.orgTotal, table.rows.map((r) => r.id)]).toEqual([1, 2, [acmeGrant]]);
    // Counts stop at the browsing cap and say so; without a filter the org total is the list's own count.
    const capped = await listGrantTable({ viewer: v, org: "acme", params: new URLSearchParams("per-page=1"), countCap: 1 });
    expect(capped).toMatchObject({ total: 1, totalCapped: true, orgTotal: 1, orgTotalCapped: true });
    const filtered = await listGrantTable({ viewer: v, org: "acme", params: new URLSearchParams("stale-days=90&per-page=1"), countCap: 1 });
    expect(filtered).toMatchObject({ total: 1, totalCapped: false, orgTotal: 1, orgTotalCapped: true });
    expect(await listGrantTable({ viewer: v, org: "acme", params: new URLSearchParams("stale-days=90") })).toMatchObject({ totalCapped: false, orgTotalCapped: false });
    expect((await getGrantDetail({ viewer: v, org: "acme", grantId: acmeGrant }))?.id).toBe(acmeGrant);
    expect(await getGrantDetail({ viewer: v, org: "acme", grantId: globexGrant })).toBeNull();
    await expect(getGrantDetail({ viewer: v, org: "globex", grantId: globexGrant })).rejects.toMatchObject({ kind: "NotFound" });
    await expect(getOrgOverview({ viewer: v, org: "globex" })).rejects.toMatchObject({ kind: "NotFound" });
    expect((await getOrgOverview({ viewer: v, org: "ACME" })).total).toBe(2);
  });

  it("a plain member sees nothing; the owner of another org sees only that org", async () => {
    await signInAs("mo");
    expect(await listOrgCards({ viewer: (await viewer())! })).toEqual([]);
    await expect(listGrantTable({ viewer: (await viewer())!, org: "acme", params: new URLSearchParams() })).rejects.toMatchObject({ kind: "NotFound" });
    await signInAs("gina");
    expect((await listOrgCards({ viewer: (await viewer())! })).map((c) => c.login)).toEqual(["globex"]);
    await expect(listGrantTable({ viewer: (await viewer())!, org: "acme", params: new URLSearchParams() })).rejects.toMatchObject({ kind: "NotFound" });
  });

  it("a read-only security-team member may look but not manage", async () => {
    await signInAs("sam");
    const cards = await listOrgCards({ viewer: (await viewer())! });
    expect(cards.map((c) => [c.login, c.access])).toEqual([["acme", { via: "security-team", canRevoke: false, canManage: false }]]);
    const denied = await setPausedAction(null, form({ org: "acme", paused: "true" }));
    expect(denied).toEqual({ ok: false, message: "Only owners of acme can change its connection." });
    expect((await findDashboardOrg({ db: h.db, login: "acme" }))?.syncPaused).toBe(false);
  });

  it("a bad filter in the URL becomes a sentence, not a crash", async () => {
    await signInAs("alice");
    const table = await listGrantTable({ viewer: (await viewer())!, org: "acme", params: new URLSearchParams("stale-days=abc") });
    expect(table.error).toMatch(/stale-days: must be a positive whole number/);
    expect(table.rows).toEqual([]);
  });

  it("owners manage: pause is audited; disconnect needs the org name typed", async () => {
    await signInAs("gina");
    expect(await setPausedAction(null, form({ org: "globex", paused: "true" }))).toEqual({ ok: true, message: "Syncing of globex is paused." });
    const globex = (await findDashboardOrg({ db: h.db, login: "globex" }))!;
    expect(globex.syncPaused).toBe(true);
    expect((await listAudit({ db: h.db, orgId: globex.id })).map((a) => [a.actor, a.action, a.result])).toEqual([["gina", "org.pause", "success"]]);
    expect(await disconnectAction(null, form({ org: "globex", confirm: "glob" }))).toMatchObject({ ok: false, message: expect.stringMatching(/Type the org name exactly/) });
    expect(await disconnectAction(null, form({ org: "acme", confirm: "acme" }))).toMatchObject({ ok: false, message: expect.stringMatching(/No org named acme/) });
    expect(await disconnectAction(null, form({ org: "globex", confirm: "globex" }))).toMatchObject({ ok: true });
    expect(await findDashboardOrg({ db: h.db, login: "globex" })).toBeNull();
    expect(await findDashboardOrg({ db: h.db, login: "acme" })).not.toBeNull();
  });
});
