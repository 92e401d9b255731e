// Keyset (cursor) paging of the grants list: a cursor names the row a page starts after (or
// before): its sort, direction, the row's sort value as SQL read it, and its id (the tie-break).
// Opaque and URL-safe (base64url of JSON); a cursor that does not decode, or that belongs to
// another sort or direction, is InvalidInput naming the field (`after`, `--after`, …).
// (model/grant-filter.ts imports this file for parseGrantQuery, so the sort names are strings here.)
import { decodeCursorParts, encodeCursorParts, isCursorInstant } from "./cursor-text.ts";
import { InvalidInput } from "./errors.ts";
import { REPOSITORY_SELECTIONS } from "./statuses.ts";

type SortName = string;
type Direction = "asc" | "desc";

/**
 * `key` is the sort value as text, exactly as db/queries/grants.ts selects it (a lower-cased name,
 * an ISO instant with microseconds, a score, a selection); null for a missing date, and for sort id.
 */
export type GrantCursor<S extends SortName = SortName> = { sort: S; direction: Direction; key: string | null; id: number };

const instant = isCursorInstant;
/** Per sort of model/grant-filter.ts: a key its column can hold (the SQL compares it), and whether null is one. */
const KEYS: Record<string, { valid: (k: string) => boolean; nullable: boolean }> = {
  owner: { valid: (k) => k.length <= 1000, nullable: false },
  name: { valid: (k) => k.length <= 1000, nullable: false },
  "last-used": { valid: instant, nullable: true },
  expires: { valid: instant, nullable: true },
  granted: { valid: instant, nullable: false },
  selection: { valid: (k) => (REPOSITORY_SELECTIONS as readonly string[]).includes(k), nullable: false },
  risk: { valid: (k) => /^\d{1,3}$/.test(k) && Number(k) <= 100, nullable: false },
  id: { valid: () => false, nullable: true },
};

export function encodeGrantCursor(c: GrantCursor): string {
  return encodeCursorParts([c.sort, c.direction, c.key, c.id]);
}

/** Whether `key` is a value the sort's column can hold; false for an unknown sort. */
function validKey(sort: unknown, key: unknown): key is string | null {
  const k = typeof sort === "string" && Object.hasOwn(KEYS, sort) ? KEYS[sort]! : null;
  if (!k) return false;
  return key === null ? k.nullable : typeof key === "string" && k.valid(key);
}

/**
 * The cursor in `text`, checked against the sort and direction of the query it continues.
 * `field` names the parameter as the face shows it (`after`, `--before`).
 */
export function decodeGrantCursor<S extends SortName>({ text, field, sort, direction }: {
  text: string; field: string; sort: S; direction: Direction;
}): GrantCursor<S> {
  const bad = () => new InvalidInput(field, `not a grants cursor (copy it whole from the previous page's next-page hint or link, or leave ${field} out to start at the first page)`);
  const parts = decodeCursorParts(text, 4);
  if (!parts) throw bad();
  const [s, d, key, id] = parts;
  if ((d !== "asc" && d !== "desc") || !validKey(s, key)) throw bad();
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) throw bad();
  if (s !== sort || d !== direction) {
    throw new InvalidInput(field, `this cursor continues the list sorted by ${s} ${d}, not ${sort} ${direction}; give the same sort and direction, or leave ${field} out`);
  }
  return { sort, direction, key, id };
}
