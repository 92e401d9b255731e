// Keyset (cursor) paging of the lists ordered by a time and an id (requests, revocation jobs,
// reports, policy runs, sync runs): a cursor names the row a page continues from — the list it
// belongs to, the row's time as SQL read it (ISO, microseconds) and its id (the tie-break).
// Opaque and URL-safe (base64url of JSON); one that does not decode, or belongs to another list,
// is InvalidInput naming the field (`before`, `--after`, …). Grants have their own (grant-cursor.ts).
import { decodeCursorParts, encodeCursorParts, isCursorInstant } from "./cursor-text.ts";
import { InvalidInput } from "./errors.ts";

export const TIME_CURSOR_LISTS = ["requests", "revocations", "reports", "policy-runs", "sync-runs"] as const;
export type TimeCursorList = (typeof TIME_CURSOR_LISTS)[number];

/** `at`: the row's time as db/queries/time-keyset.ts reads it (UTC, microseconds). */
export type TimeCursor = { list: TimeCursorList; at: string; id: number };

export function encodeTimeCursor(c: TimeCursor): string {
  return encodeCursorParts([c.list, c.at, c.id]);
}

/** The cursor in `text` for `list`; `field` names the parameter as the face shows it (`before`, `--after`). */
export function decodeTimeCursor({ text, field, list }: { text: string; field: string; list: TimeCursorList }): TimeCursor {
  const bad = () => new InvalidInput(field, `not a ${list} cursor (copy it whole from the page's link or hint, or leave ${field} out to start at the first page)`);
  const parts = decodeCursorParts(text, 3);
  if (!parts) throw bad();
  const [l, at, id] = parts;
  if (typeof at !== "string" || !isCursorInstant(at)) throw bad();
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
