// Keyset (cursor) paging of the credentials list, as model/grant-cursor.ts does it for grants: a
// cursor names the row a page starts after (or before): the sort, the direction, the row's sort value
// as SQL read it (db/queries/credentials.ts) and its credential_id (the tie-break). Opaque, URL-safe;
// one that does not decode, or continues another sort, is InvalidInput naming the field.
import { decodeCursorParts, encodeCursorParts, isCursorInstant } from "./cursor-text.ts";
import { InvalidInput } from "./errors.ts";

/** The sorts of model/credential-filter.ts (strings here: that file imports this one). */
type SortName = string;
type Direction = "asc" | "desc";

/** `key`: the sort value as text (a lower-cased login or type, an ISO instant, a score); null for a missing date and for sort id. */
export type CredentialCursor<S extends SortName = SortName> = { sort: S; direction: Direction; key: string | null; id: number };

const text = (k: string) => k.length <= 1000;
const KEYS: Record<string, { valid: (k: string) => boolean; nullable: boolean }> = {
  owner: { valid: text, nullable: false },
  type: { valid: text, nullable: false },
  accessed: { valid: isCursorInstant, nullable: true },
  authorized: { valid: isCursorInstant, nullable: false },
  expires: { valid: isCursorInstant, nullable: true },
  risk: { valid: (k) => /^\d{1,3}$/.test(k) && Number(k) <= 100, nullable: false },
  id: { valid: () => false, nullable: true },
};

export function encodeCredentialCursor(c: CredentialCursor): string {
  // "c" first: a grants cursor (4 parts) never reads as a credentials one.
  return encodeCursorParts(["c", c.sort, c.direction, c.key, c.id]);
}

function validKey(sort: unknown, key: unknown): key is string | null {
  const k = typeof sort === "string" && Object.hasOwn(KEYS, sort) ? KEYS[sort]! : null;
  if (!k) return false;
  return key === null ? k.nullable : typeof key === "string" && k.valid(key);
}

/** The cursor in `text`, checked against the sort and direction it continues; `field` as the face names it. */
export function decodeCredentialCursor<S extends SortName>({ text: t, field, sort, direction }: {
  text: string; field: string; sort: S; direction: Direction;
}): CredentialCursor<S> {
  const bad = () => new InvalidInput(field, `not a credentials cursor (copy it whole from the previous page's next-page hint or link, or leave ${field} out to start at the first page)`);
  const parts = decodeCursorParts(t, 5);
  if (!parts || parts[0] !== "c") throw bad();
  const [, s, d, key, id] = parts;
  if ((d !== "asc" && d !== "desc") || !validKey(s, key)) throw bad();
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) throw bad();
  if (s !== sort || d !== direction) {
    throw new InvalidInput(field, `this cursor continues the list sorted by ${String(s)} ${d}, not ${sort} ${direction}; give the same sort and direction, or leave ${field} out`);
  }
  return { sort, direction, key, id };
}
