// Sign-out is final: a session cookie captured before sign-out is refused afterwards, by the
// data layer (every page and action), by the pre-Next refresh step, and by the logout route itself.
// Checked failing without the protection: with openLiveSession's signed-out lookup removed
// (viewer.ts/refresh-session.ts back on plain openSession), the "copied cookie" asserts fail.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { jar } from "../app/viewer-fixture.ts";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const { jar: j } = await import("../app/viewer-fixture.ts");
  return { cookies: async () => ({ get: (name: string) => (name === "pw_session" && j.cookie ? { name, value: j.cookie } : undefined) }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

import type { IncomingMessage, ServerResponse } from "node:http";
import { NextRequest } from "next/server";
import { POST as logout } from "../../app/api/auth/logout/route.ts";
import { clearDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import { getViewer } from "../../app/_data/viewer.ts";
import { listOrgCards } from "../../app/_data/orgs.ts";
import { sealSession, SESSION_TTL_MS, type Session } from "../../app/_lib/session.ts";
import { refreshSessionCookie } from "../../app/_server/refresh-session.ts";
import type { DbHandle } from "../../db/client.ts";
import { isSessionSignedOut } from "../../db/queries/sessions.ts";
import { signedOutSessions } from "../../db/schema.ts";
import { insertOrg } from "../app/factories.ts";
import { setUpRuntime } from "../app/viewer-fixture.ts";
import { createTestDb } from "../helpers/db.ts";

let h: DbHandle;
let runtime: DashboardRuntime;
let clock = new Date("2030-01-01T09:00:00Z");

beforeAll(async () => {
  h = await createTestDb();
  await insertOrg({ db: h.db, login: "acme" });
  runtime = setUpRuntime({ db: h.db, people: { members: { acme: { alice: { role: "admin", state: "active" } } } }, now: () => clock });
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});

async function cookieFor(login: string, userId: number, signedInAt = clock.getTime()): Promise<string> {
  const session: Session = { user: { id: userId, login, name: null, avatarUrl: null }, token: login, orgs: {}, signedInAt };
  return sealSession({ key: runtime.sessionKey, session });
}

async function postLogout(cookie: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { host: "dash.test" };
  if (cookie) headers.cookie = `pw_session=${cookie}`;
  return logout(new NextRequest("http://dash.test/api/auth/logout", { method: "POST", headers }));
}

function fakeReqRes(cookie: string): { req: IncomingMessage; res: ServerResponse & { cookies: string[] } } {
  const cookies: string[] = [];
  const req = { url: "/orgs", headers: { cookie: `pw_session=${cookie}` }, socket: {} } as unknown as IncomingMessage;
  const res = { cookies, appendHeader: (_: string, v: string) => void cookies.push(v) } as unknown as ServerResponse & { cookies: string[] };
  return { req, res };
}

describe("sign-out", () => {
  it("refuses a cookie captured before sign-out, everywhere, and leaves other sign-ins alone", async () => {
    const captured = await cookieFor("alice", 101);
    const otherDevice = await cookieFor("alice", 101, clock.getTime() + 1);
    jar.cookie = captured;
    const before = await getViewer();
    expect(before?.login).toBe("alice");
    expect((await listOrgCards({ viewer: before! })).map((c) => c.login)).toEqual(["acme"]);

    const res = await postLogout(captured);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://dash.test/login?signed-out=1");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^pw_session=;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    expect(setCookie).toMatch(/Expires=Thu, 01 Jan 1970/);

    // The attacker replays the copy: no viewer for pages and actions, cleared by the refresh step.
    jar.cookie = captured;
    expect(await getViewer()).toBeNull();
    const { req, res: out } = fakeReqRes(captured);
    expect(await refreshSessionCookie({ req, res: out, runtime })).toBe("cleared");
    expect(out.cookies[0]).toMatch(/^pw_session=;/);

    // A second sign-in of the same user (another browser) is its own session.
    jar.cookie = otherDevice;
    expect((await getViewer())?.login).toBe("alice");
  });

  it("signing out twice, or with no or a dead cookie, is harmless", async () => {
    const cookie = await cookieFor("bob", 202);
    expect((await postLogout(cookie)).status).toBe(303);
    expect((await postLogout(cookie)).status).toBe(303);
    expect((await postLogout(undefined)).status).toBe(303);
    expect((await postLogout("v1.garbage")).status).toBe(303);
    expect(await isSessionSignedOut({ db: h.db, userId: 202, signedInAt: clock.getTime() })).toBe(true);
  });

  it("forgets sign-outs once their cookies would have expired anyway", async () => {
    const early = clock.getTime();
    await postLogout(await cookieFor("carol", 303, early));
    clock = new Date(early + SESSION_TTL_MS + 1000);
    await postLogout(await cookieFor("dave", 404));
    const rows = await h.db.select().from(signedOutSessions);
    expect(rows.map((r) => r.userId)).not.toContain(303);
    expect(rows.map((r) => r.userId)).toContain(404);
    // And the expired cookie is refused on its own expiry.
    jar.cookie = await cookieFor("carol", 303, early);
    expect(await getViewer()).toBeNull();
  });
});
