// Cookie / Set-Cookie handling for the server handler, which runs before Next and so cannot use
// next/headers.
import { parse, serialize } from "cookie";
import type { CookieOptions } from "./session.ts";

export function readCookie(header: string | undefined, name: string): string | undefined {
  return parse(header ?? "")[name];
}

/**
 * The Cookie header with one cookie replaced (or removed when value is null). Edited as text:
 * the other cookies pass through byte for byte, which parse + serialize would re-encode.
 */
export function replaceCookie(header: string | undefined, name: string, value: string | null): string {
  const others = (header ?? "").split(";").map((p) => p.trim()).filter((p) => p && p.slice(0, p.indexOf("=")).trim() !== name);
  return [...others, ...(value === null ? [] : [`${name}=${value}`])].join("; ");
}

export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  return serialize(name, value, opts);
}
