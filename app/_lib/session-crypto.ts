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

/** One iron password per cookie name, so a value sealed for one cookie cannot be replayed as another. */
function passwordFor(key: Buffer, context: string): string {
  return Buffer.from(hkdfSync("sha256", key, "", `patwarden cookie ${context}`, 32)).toString("hex");
}

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
  let parsed: { exp?: unknown; value?: unknown };
  try {
    // unsealData answers {} for a bad HMAC, an unknown password or an expired seal.
    parsed = await unsealData<{ exp?: unknown; value?: unknown }>(sealed, { password: passwordFor(key, context) });
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (Object.keys(parsed).length === 0) return { ok: false, reason: "rejected" };
  if (typeof parsed.exp !== "number") return { ok: false, reason: "malformed" };
  if (parsed.exp <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, value: parsed.value, expiresAt: new Date(parsed.exp) };
}
