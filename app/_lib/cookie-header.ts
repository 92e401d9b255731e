// Minimal Cookie / Set-Cookie handling for the server handler, which runs before Next and so
// cannot use next/headers. Cookie values we write are base64url, so no quoting is needed.
import type { CookieOptions } from "./session.ts";

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Cookie header with one cookie replaced (or removed when value is null). */
export function replaceCookie(header: string | undefined, name: string, value: string | null): string {
  const others = (header ?? "").split(";").map((p) => p.trim()).filter((p) => p && p.slice(0, p.indexOf("=")).trim() !== name);
  return [...others, ...(value === null ? [] : [`${name}=${value}`])].join("; ");
}

export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${opts.path}`, `Expires=${opts.expires.toUTCString()}`, "HttpOnly", "SameSite=Lax"];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}
