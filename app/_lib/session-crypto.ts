// Sealed cookies: AES-256-GCM, so a cookie is both secret (it holds the user's OAuth token) and
// tamper-evident (any changed byte fails authentication). node:crypto only; no dependency.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = "v1";

/** A 32-byte key derived from SESSION_SECRET; `purpose` separates keys (session vs OAuth state). */
export function deriveSessionKey({ secret, purpose = "session" }: { secret: string; purpose?: string }): Buffer {
  if (secret.length < 32) throw new Error("SESSION_SECRET must be at least 32 characters");
  return Buffer.from(hkdfSync("sha256", secret, "patwarden", `patwarden ${purpose} ${VERSION}`, 32));
}

/**
 * Encrypts JSON with an expiry inside the authenticated payload. `context` (the cookie name) is
 * bound as associated data, so a value sealed for one cookie cannot be replayed as another.
 */
export function sealValue({ key, value, expiresAt, context }: {
  key: Buffer; value: unknown; expiresAt: Date; context: string;
}): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`${VERSION}:${context}`));
  const plain = Buffer.from(JSON.stringify({ exp: expiresAt.getTime(), value }));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export type UnsealResult =
  | { ok: true; value: unknown; expiresAt: Date }
  | { ok: false; reason: "malformed" | "tampered" | "expired" };

/** Never throws: a bad cookie is just "no session". */
export function unsealValue({ key, sealed, context, now = new Date() }: {
  key: Buffer; sealed: string; context: string; now?: Date;
}): UnsealResult {
  const [version, encoded, extra] = sealed.split(".");
  if (version !== VERSION || !encoded || extra !== undefined) return { ok: false, reason: "malformed" };
  const raw = Buffer.from(encoded, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) return { ok: false, reason: "malformed" };
  let plain: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`${VERSION}:${context}`));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return { ok: false, reason: "tampered" };
  }
  let parsed: { exp?: unknown; value?: unknown };
  try {
    parsed = JSON.parse(plain.toString("utf8")) as { exp?: unknown; value?: unknown };
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof parsed.exp !== "number") return { ok: false, reason: "malformed" };
  if (parsed.exp <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, value: parsed.value, expiresAt: new Date(parsed.exp) };
}
