// The step before Next: stale roles in the session cookie are re-asked of GitHub and the cookie
// is rewritten for both the browser and the request Next renders; bad cookies are cleared.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "../../bot/env.ts";
import type { DbHandle } from "../../db/client.ts";
import { clearDashboardRuntime, setDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import { readCookie } from "../../app/_lib/cookie-header.ts";
import { TokenRejected, type GitHubUserApi } from "../../app/_lib/github-user.ts";
import { openSession, ROLE_TTL_MS, sealSession, type Session } from "../../app/_lib/session.ts";
import { refreshSessionCookie } from "../../app/_server/refresh-session.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertOrg } from "./factories.ts";
import { testEngine } from "../helpers/engine.ts";

let h: DbHandle;
let runtime: DashboardRuntime;
let role: "admin" | "member" | "revoked" = "admin";
let calls = 0;
const now = new Date("2026-05-01T12:00:00Z");
const github: GitHubUserApi = {
  authorizeUrl: () => "", exchangeCode: async () => "", getUser: async () => ({ id: 1, login: "alice", name: null, avatarUrl: null }),
  getOrgMembership: async () => {
    calls++;
    if (role === "revoked") throw new TokenRejected();
    return { role, state: "active" };
  },
  getTeamMembership: async () => null,
};

function fakeRequest({ url = "/orgs", cookie }: { url?: string; cookie?: string }) {
  const headers: Record<string, string | string[]> = {};
  const req = { url, headers: { cookie, host: "127.0.0.1" }, socket: {} } as unknown as IncomingMessage;
  const res = {
    appendHeader: (name: string, value: string) => void (headers[name] = [...((headers[name] as string[]) ?? []), value]),
  } as unknown as ServerResponse;
  return { req, res, setCookies: () => (headers["set-cookie"] as string[] | undefined) ?? [] };
}
const session = (checkedAt: number): Session => ({
  user: { id: 1, login: "alice", name: null, avatarUrl: null }, token: "t",
  orgs: { acme: { role: "admin", team: false, checkedAt } }, signedInAt: now.getTime() - 60_000,
});

beforeAll(async () => {
  h = await createTestDb();
  await insertOrg({ db: h.db, login: "acme" });
  runtime = setDashboardRuntime({ engine: testEngine({ handle: h, now: () => now }), env: loadEnv({ SESSION_SECRET: "r".repeat(40) }), github, now: () => now });
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});

describe("session refresh before Next", () => {
  it("leaves fresh roles, static assets and sign-in routes alone", async () => {
    calls = 0;
    const cookie = `pw_session=${await sealSession({ key: runtime.sessionKey, session: session(now.getTime() - 1000) })}`;
    for (const url of ["/orgs", "/_next/static/chunks/a.js", "/api/auth/callback?code=1"]) {
      const r = fakeRequest({ url, cookie });
      expect(await refreshSessionCookie({ req: r.req, res: r.res, runtime })).toBe(url === "/orgs" ? "kept" : "none");
      expect(r.setCookies()).toEqual([]);
    }
    expect(calls).toBe(0);
  });

  it("re-checks a role older than five minutes and rewrites the cookie for the browser and for Next", async () => {
    role = "member";
    const r = fakeRequest({ cookie: `other=1; pw_session=${await sealSession({ key: runtime.sessionKey, session: session(now.getTime() - ROLE_TTL_MS) })}` });
    expect(await refreshSessionCookie({ req: r.req, res: r.res, runtime })).toBe("refreshed");
    const [setCookie] = r.setCookies();
    expect(setCookie).toMatch(/^pw_session=Fe26\.2\*.+~2; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/);
    const seen = await openSession({ key: runtime.sessionKey, cookie: readCookie(r.req.headers.cookie, "pw_session"), now });
    expect(seen?.orgs.acme).toEqual({ role: "member", team: false, checkedAt: now.getTime() });
    expect(readCookie(r.req.headers.cookie, "other")).toBe("1");
  });

  it("clears a tampered cookie, and a session whose token GitHub no longer accepts", async () => {
    const bad = fakeRequest({ cookie: "pw_session=v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    expect(await refreshSessionCookie({ req: bad.req, res: bad.res, runtime })).toBe("cleared");
    expect(bad.setCookies()[0]).toMatch(/^pw_session=; .*Expires=Thu, 01 Jan 1970/);
    expect(readCookie(bad.req.headers.cookie, "pw_session")).toBeUndefined();
    role = "revoked";
    const r = fakeRequest({ cookie: `pw_session=${await sealSession({ key: runtime.sessionKey, session: session(0) })}` });
    expect(await refreshSessionCookie({ req: r.req, res: r.res, runtime })).toBe("cleared");
  });
});
