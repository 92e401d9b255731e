// Keyset (cursor) paging of the lists ordered by a time and an id (requests, revocation jobs,
// reports, policy runs, sync runs): a cursor names the row a page continues from — the list it
// belongs to, the row's time as SQL read it (ISO, microseconds) and its id (the tie-break).
// Opaque and URL-safe (base64url of JSON); one that does not decode, or belongs to another list,
// is InvalidInput naming the field (`before`, `--after`, …). Grants have their own (grant-cursor.ts).
import { InvalidInput } from "./errors.ts";

export const TIME_CURSOR_LISTS = ["requests", "revocations", "reports", "policy-runs", "sync-runs"] as const;
export type TimeCursorList = (typeof TIME_CURSOR_LISTS)[number];

/** `at`: the row's time as db/queries/time-keyset.ts reads it (UTC, microseconds). */
export type TimeCursor = { list: TimeCursorList; at: string; id: number };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function toBase64Url(text: string): string {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null;
  try {
    const binary = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function encodeTimeCursor(c: TimeCursor): string {
  return toBase64Url(JSON.stringify([c.list, c.at, c.id]));
}

/** The cursor in `text` for `list`; `field` names the parameter as the face shows it (`before`, `--after`). */
export function decodeTimeCursor({ text, field, list }: { text: string; field: string; list: TimeCursorList }): TimeCursor {
  const bad = () => new InvalidInput(field, `not a ${list} cursor (copy it whole from the page's link or hint, or leave ${field} out to start at the first page)`);
  const json = fromBase64Url(text.trim());
  if (json === null) throw bad();
  let parts: unknown;
  try {
    parts = JSON.parse(json);
  } catch {
    throw bad();
  }
  if (!Array.isArray(parts) || parts.length !== 3) throw bad();
  const [l, at, id] = parts as unknown[];
  if (typeof at !== "string" || !ISO_INSTANT.test(at) || Number.isNaN(Date.parse(at))) throw bad();
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) throw bad();
  if (l !== list) {
    if ((TIME_CURSOR_LISTS as readonly unknown[]).includes(l)) throw new InvalidInput(field, `this cursor continues the ${String(l)} list, not ${list}; leave ${field} out to start at the first page`);
    throw bad();
  }
  return { list, at, id };
}

/** `after`/`before` as given (either may be absent or empty), decoded; both at once is InvalidInput. */
export function decodeTimeKeyset({ after, before, list, fields = { after: "after", before: "before" } }: {
  after?: string | null; before?: string | null; list: TimeCursorList; fields?: { after: string; before: string };
}): { after?: TimeCursor; before?: TimeCursor } {
  if (after && before) throw new InvalidInput(fields.after, `give ${fields.after} or ${fields.before}, not both`);
  if (after) return { after: decodeTimeCursor({ text: after, field: fields.after, list }) };
  if (before) return { before: decodeTimeCursor({ text: before, field: fields.before, list }) };
  return {};
}
