import { describe, expect, it } from "vitest";
import { deriveSessionKey, sealValue, unsealValue } from "../../app/_lib/session-crypto.ts";
import {
  isHttps, openOAuthState, openSession, safeReturnTo, sealOAuthState, sealSession, SESSION_TTL_MS, type Session,
} from "../../app/_lib/session.ts";

const key = deriveSessionKey({ secret: "x".repeat(32) });
const otherKey = deriveSessionKey({ secret: "y".repeat(32) });
const t0 = new Date("2026-01-01T10:00:00Z");
const session: Session = {
  user: { id: 7, login: "octo-owner", name: null, avatarUrl: null },
  token: "ghu_secret",
  orgs: { acme: { role: "admin", team: false, checkedAt: t0.getTime() } },
  signedInAt: t0.getTime(),
};
const later = (ms: number) => new Date(t0.getTime() + ms);

describe("session cookie crypto", () => {
  it("round-trips a session and hides the token", async () => {
    const cookie = await sealSession({ key, session });
    expect(cookie).not.toContain("ghu_secret");
    expect(Buffer.from(cookie.split("*")[4]!, "base64url").toString("latin1")).not.toContain("ghu_secret");
    expect(await openSession({ key, cookie, now: later(1000) })).toEqual(session);
  });

  it("rejects a cookie with any character changed", async () => {
    const cookie = await sealSession({ key, session });
    for (let i = 0; i < cookie.length; i++) {
      const tampered = `${cookie.slice(0, i)}${String.fromCharCode(cookie.charCodeAt(i) ^ 0x01)}${cookie.slice(i + 1)}`;
      expect(await openSession({ key, cookie: tampered, now: later(1000) }), `character ${i}`).toBeNull();
    }
    expect(await unsealValue({ key, sealed: cookie.slice(0, 40), context: "pw_session" })).toEqual({ ok: false, reason: "malformed" });
  });

  it("rejects a cookie sealed with another secret, or for another cookie name", async () => {
    expect(await openSession({ key: otherKey, cookie: await sealSession({ key, session }), now: later(1) })).toBeNull();
    const state = await sealOAuthState({ key, value: { state: "s".repeat(20), returnTo: "/orgs" }, now: t0 });
    expect(await openSession({ key, cookie: state, now: later(1) })).toBeNull();
    expect(await openOAuthState({ key, cookie: state, now: later(1) })).toEqual({ state: "s".repeat(20), returnTo: "/orgs" });
  });

  it("rejects an expired session (8 hours after sign-in) and an expired sealed value", async () => {
    const cookie = await sealSession({ key, session });
    expect(await openSession({ key, cookie, now: later(SESSION_TTL_MS - 1) })).not.toBeNull();
    expect(await openSession({ key, cookie, now: later(SESSION_TTL_MS) })).toBeNull();
    const sealed = await sealValue({ key, value: 1, expiresAt: later(10), ttlMs: 10, context: "c" });
    expect(await unsealValue({ key, sealed, context: "c", now: later(10) })).toEqual({ ok: false, reason: "expired" });
  });

  it("rejects garbage and payloads of the wrong shape", async () => {
    expect(await openSession({ key, cookie: "nonsense", now: t0 })).toBeNull();
    expect(await openSession({ key, cookie: "", now: t0 })).toBeNull();
    const wrongShape = await sealValue({ key, value: { user: "me" }, expiresAt: later(1000), ttlMs: 1000, context: "pw_session" });
    expect(await openSession({ key, cookie: wrongShape, now: t0 })).toBeNull();
  });

  it("opens a seal again (remembered) only for its key and cookie name, only until it expires, as a fresh copy", async () => {
    const sealed = await sealValue({ key, value: { orgs: ["acme"] }, expiresAt: later(1000), ttlMs: 1000, context: "c" });
    const first = await unsealValue({ key, sealed, context: "c", now: t0 });
    expect(first).toEqual({ ok: true, value: { orgs: ["acme"] }, expiresAt: later(1000) });
    if (first.ok) (first.value as { orgs: string[] }).orgs.push("evil");
    expect(await unsealValue({ key, sealed, context: "c", now: later(999) })).toEqual({ ok: true, value: { orgs: ["acme"] }, expiresAt: later(1000) });
    expect(await unsealValue({ key: otherKey, sealed, context: "c", now: t0 })).toEqual({ ok: false, reason: "rejected" });
    expect(await unsealValue({ key, sealed, context: "pw_session", now: t0 })).toEqual({ ok: false, reason: "rejected" });
    expect(await unsealValue({ key, sealed, context: "c", now: later(1000) })).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses short secrets", () => {
    expect(() => deriveSessionKey({ secret: "short" })).toThrow(/32 characters/);
  });
});

describe("sign-in helpers", () => {
  it("only returns to same-site paths", () => {
    expect(safeReturnTo("/orgs/acme/grants?owner=a")).toBe("/orgs/acme/grants?owner=a");
    for (const bad of ["//evil.example", "https://evil.example", "/\\evil.example", "orgs", "", null, "/x\r\nSet-Cookie: a=b"]) {
      expect(safeReturnTo(bad)).toBe("/orgs");
    }
  });

  it("marks cookies Secure on https, directly or behind a proxy", () => {
    expect(isHttps({ protocol: "https:", forwardedProto: null })).toBe(true);
    expect(isHttps({ protocol: "http:", forwardedProto: "https" })).toBe(true);
    expect(isHttps({ protocol: "http:", forwardedProto: "http" })).toBe(false);
    expect(isHttps({ protocol: "http:", forwardedProto: undefined })).toBe(false);
  });
});
