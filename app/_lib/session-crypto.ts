// Sealed cookies in iron-session's format (sealData/unsealData: AES-256-CBC + HMAC-SHA256), so a
// cookie is both secret (it holds the user's OAuth token) and tamper-evident (any changed
// character fails the HMAC).
import { hkdfSync } from "node:crypto";
import { sealData, unsealData } from "iron-session";

const VERSION = "v1";
/** Fe26.2*id*salt*iv*ciphertext*expiry*hmac-salt*hmac~2: anything else is not a seal. */
const SEAL_SHAPE = /^Fe26\.2(\*[\w-]*){7}~2$/;

/** A 32-byte key derived from SESSION_SECRET; `purpose` separates keys (session vs OAuth state). */
export function deriveSessionKey({ secret, purpose = "session" }: { secret: string; purpose?: string }): Buffer {
  if (secret.length < 32) throw new Error("SESSION_SECRET must be at least 32 characters");
  return Buffer.from(hkdfSync("sha256", secret, "patwarden", `patwarden ${purpose} ${VERSION}`, 32));
}

const passwords = new WeakMap<Buffer, Map<string, string>>();

/** One iron password per cookie name, so a value sealed for one cookie cannot be replayed as another. Derived once per key and name. */
function passwordFor(key: Buffer, context: string): string {
  let byContext = passwords.get(key);
  if (!byContext) passwords.set(key, (byContext = new Map()));
  let password = byContext.get(context);
  if (!password) byContext.set(context, (password = Buffer.from(hkdfSync("sha256", key, "", `patwarden cookie ${context}`, 32)).toString("hex")));
  return password;
}

/**
 * Seals already opened, by password and seal: a signed-in page opens the same cookie twice per
 * request (the refresh step, then the page) and again on every page after. Only what iron
 * accepted is kept; the expiry below is still checked against the caller's clock on every open,
 * and whether the sign-in was signed out is the caller's check (app/_lib/live-session.ts), per request.
 */
const opened = new Map<string, { exp: number; value: unknown }>();
const OPENED_MAX = 1000;

/**
 * Seals JSON with two expiries: iron's `ttl` bounds the seal by the wall clock (the cookie's full
 * lifetime), and `exp` inside it is the exact expiry, checked against the caller's clock.
 */
export async function sealValue({ key, value, expiresAt, ttlMs, context }: {
  key: Buffer; value: unknown; expiresAt: Date; ttlMs: number; context: string;
}): Promise<string> {
  return sealData({ exp: expiresAt.getTime(), value }, { password: passwordFor(key, context), ttl: Math.ceil(ttlMs / 1000) });
}

export type UnsealResult =
  | { ok: true; value: unknown; expiresAt: Date }
  /** "rejected": iron refused it (a changed character, another key or cookie, or past its ttl). */
  | { ok: false; reason: "malformed" | "rejected" | "expired" };

/** Never throws: a bad cookie is just "no session". */
export async function unsealValue({ key, sealed, context, now = new Date() }: {
  key: Buffer; sealed: string; context: string; now?: Date;
}): Promise<UnsealResult> {
  if (!SEAL_SHAPE.test(sealed)) return { ok: false, reason: "malformed" };
  const password = passwordFor(key, context);
  const memo = `${password}:${sealed}`;
  let parsed: { exp?: unknown; value?: unknown } | undefined = opened.get(memo);
  if (!parsed) {
    try {
      // unsealData answers {} for a bad HMAC, an unknown password or an expired seal.
      parsed = await unsealData<{ exp?: unknown; value?: unknown }>(sealed, { password });
    } catch {
      return { ok: false, reason: "malformed" };
    }
    if (Object.keys(parsed).length === 0) return { ok: false, reason: "rejected" };
    if (typeof parsed.exp !== "number") return { ok: false, reason: "malformed" };
    if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value!);
    opened.set(memo, { exp: parsed.exp, value: parsed.value });
  }
  if ((parsed.exp as number) <= now.getTime()) {
    opened.delete(memo);
    return { ok: false, reason: "expired" };
  }
  // A copy: callers may change what they get without changing what the next open returns.
  return { ok: true, value: structuredClone(parsed.value), expiresAt: new Date(parsed.exp as number) };
}
