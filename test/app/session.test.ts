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
  it("round-trips a session and hides the token", () => {
    const cookie = sealSession({ key, session });
    expect(cookie).not.toContain("ghu_secret");
    expect(Buffer.from(cookie.split(".")[1]!, "base64url").toString("latin1")).not.toContain("ghu_secret");
    expect(openSession({ key, cookie, now: later(1000) })).toEqual(session);
  });

  it("rejects a cookie with any byte changed", () => {
    const cookie = sealSession({ key, session });
    const raw = Buffer.from(cookie.slice(3), "base64url");
    for (const i of [0, 13, 30, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[i] = tampered[i]! ^ 0x01;
      expect(openSession({ key, cookie: `v1.${tampered.toString("base64url")}`, now: later(1000) })).toBeNull();
    }
    expect(unsealValue({ key, sealed: `v1.${raw.subarray(0, 20).toString("base64url")}`, context: "pw_session" })).toEqual({ ok: false, reason: "malformed" });
  });

  it("rejects a cookie sealed with another secret, or for another cookie name", () => {
    expect(openSession({ key: otherKey, cookie: sealSession({ key, session }), now: later(1) })).toBeNull();
    const state = sealOAuthState({ key, value: { state: "s".repeat(20), returnTo: "/orgs" }, now: t0 });
    expect(openSession({ key, cookie: state, now: later(1) })).toBeNull();
    expect(openOAuthState({ key, cookie: state, now: later(1) })).toEqual({ state: "s".repeat(20), returnTo: "/orgs" });
  });

  it("rejects an expired session (8 hours after sign-in) and an expired sealed value", () => {
    const cookie = sealSession({ key, session });
    expect(openSession({ key, cookie, now: later(SESSION_TTL_MS - 1) })).not.toBeNull();
    expect(openSession({ key, cookie, now: later(SESSION_TTL_MS) })).toBeNull();
    const sealed = sealValue({ key, value: 1, expiresAt: later(10), context: "c" });
    expect(unsealValue({ key, sealed, context: "c", now: later(10) })).toEqual({ ok: false, reason: "expired" });
  });

  it("rejects garbage and payloads of the wrong shape", () => {
    expect(openSession({ key, cookie: "nonsense", now: t0 })).toBeNull();
    expect(openSession({ key, cookie: "", now: t0 })).toBeNull();
    const wrongShape = sealValue({ key, value: { user: "me" }, expiresAt: later(1000), context: "pw_session" });
    expect(openSession({ key, cookie: wrongShape, now: t0 })).toBeNull();
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
