// The text form of keyset cursors (model/grant-cursor.ts, model/time-cursor.ts): a JSON array,
// base64url-encoded, so a cursor is opaque and safe in a URL or a shell. What the parts mean, and
// the error naming the field, belong to each cursor.

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** An instant as SQL reads it for a cursor: ISO 8601 in UTC, up to microseconds. */
export function isCursorInstant(text: string): boolean {
  return ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text));
}

export function encodeCursorParts(parts: readonly unknown[]): string {
  let binary = "";
  for (const b of new TextEncoder().encode(JSON.stringify(parts))) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The parts of a cursor with exactly `length` of them; null for anything else (bad base64, UTF-8 or JSON). */
export function decodeCursorParts(text: string, length: number): unknown[] | null {
  const s = text.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null;
  try {
    const binary = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4));
    const parts: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    return Array.isArray(parts) && parts.length === length ? parts : null;
  } catch {
    return null;
  }
}
