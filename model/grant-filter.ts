// The grant filter, declared once as a table. Each entry names its URL/flag parameter, its parser
// (strings → a typed value, or a message naming what it allows), how it is written back into a
// URL, and its line of CLI help. The TypeScript type, the parser of URLs and flags, the URL form,
// the CLI flags and help are all derived from GRANT_FILTER_FIELDS; the SQL condition of each
// entry lives in db/queries/grants.ts (GRANT_CONDITIONS), whose type requires one per entry.
// Adding a filter: one entry here, its condition there, a test (docs/architecture.md).
import { z } from "zod";
import { closeMatches } from "./close-matches.ts";
import { decodeGrantCursor } from "./grant-cursor.ts";
import { InvalidInput } from "./errors.ts";
import { flag, isoDate, list, oneOf, parsePermission, repositoryName, scalar, wholeNumber, type PermissionRequirement } from "./filter-fields.ts";
import { REPOSITORY_SELECTIONS } from "./statuses.ts";

export const GRANT_SORT_COLUMNS = ["owner", "name", "last-used", "expires", "granted", "selection", "risk", "id"] as const;
export type GrantSortColumn = (typeof GRANT_SORT_COLUMNS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
export const GRANT_STATES = ["active", "removed", "all"] as const;
export type GrantState = (typeof GRANT_STATES)[number];
export const MAX_PER_PAGE = 500;
export const DEFAULT_PER_PAGE = 50;
/** A hundred years: longer than any token lives, and small enough for SQL's int arithmetic. */
const MAX_LIFETIME_DAYS = 36_500;

export type { PermissionRequirement };

type FieldKind = "list" | "scalar" | "flag";
type Field<T> = {
  /** The URL search parameter and CLI flag (without --). */
  param: string;
  kind: FieldKind;
  /** The field's strings → its value; undefined drops it (an unset flag). */
  parse: z.ZodType<T | undefined, string[]>;
  /** The value → its URL strings (the inverse of parse). */
  format: (value: T) => string[];
  /** CLI help: the flag's argument and what it selects (continuation lines indented by help). */
  help: [arg: string, ...text: string[]];
};
const field = <T>(f: Field<T>) => f;

const iso = (d: Date) => [d.toISOString()];
const num = (n: number) => [String(n)];
const on = (b: boolean) => (b ? ["true"] : []);
const perms = (ps: PermissionRequirement[]) => ps.map((p) => `${p.name}:${p.level}`);
const nonEmpty = <T>(xs: T[]) => (xs.length ? xs : undefined);
/** Flags: true selects, false is the same as absent. */
const flagField = flag.transform((b) => b || undefined);

/** Every condition is optional; present conditions are ANDed. Order = help order = URL order. */
export const GRANT_FILTER_FIELDS = {
  /** Any of these owner logins (case-insensitive). */
  owner: field({ param: "owner", kind: "list", parse: list((s) => s.toLowerCase()).transform((o) => nonEmpty([...new Set(o)])), format: (v) => v, help: ["LOGIN[,LOGIN]", "owned by any of these users (repeatable)"] }),
  /** Grants that can reach this repository (`name` or `owner/name`): `all` grants, and `subset` grants listing it. */
  repository: field({ param: "repository", kind: "scalar", parse: repositoryName, format: (v) => [v], help: ["NAME|OWNER/NAME", "can reach this repository (any case); grants with \"All repositories\"", "reach every repository and are included (--selection subset leaves them out)"] }),
  /** Holds every one of these, each at the given level or higher. */
  permission: field({ param: "permission", kind: "list", parse: list(parsePermission).transform(nonEmpty), format: perms, help: ["NAME[:LEVEL]", "holds this permission at LEVEL or higher (read, write, admin);", "repeatable: every one must be held"] }),
  /** Holds at least one of these, each at the given level or higher. */
  permissionAny: field({ param: "permission-any", kind: "list", parse: list(parsePermission).transform(nonEmpty), format: perms, help: ["P[,P]", "holds at least one of these permissions (NAME:LEVEL, level or higher)"] }),
  /** Reaches all repositories with some repository permission at write or admin. */
  allReposWrite: field({ param: "all-repos-write", kind: "flag", parse: flagField, format: on, help: ["", "all repositories, with some repository permission at write or admin"] }),
  lastUsedBefore: field({ param: "last-used-before", kind: "scalar", parse: isoDate, format: iso, help: ["DATE", "last used before DATE (ISO date or date-time; never-used excluded)"] }),
  lastUsedAfter: field({ param: "last-used-after", kind: "scalar", parse: isoDate, format: iso, help: ["DATE", "last used after DATE"] }),
  neverUsed: field({ param: "never-used", kind: "flag", parse: flagField, format: on, help: ["", "never used"] }),
  /** Not used for N days, or never used and granted more than N days ago. */
  staleDays: field({ param: "stale-days", kind: "scalar", parse: wholeNumber("of days ", 1), format: num, help: ["N", "not used for N days, or never used and granted over N days ago"] }),
  expired: field({ param: "expired", kind: "flag", parse: flagField, format: on, help: ["", "the token has expired"] }),
  /** Not yet expired, and expires within N days. */
  expiringWithin: field({ param: "expiring-within", kind: "scalar", parse: wholeNumber("of days ", 1), format: num, help: ["N", "not expired, and expires within N days"] }),
  /** Expires at or after this instant. */
  expiresAfter: field({ param: "expires-after", kind: "scalar", parse: isoDate, format: iso, help: ["DATE", "expires at or after DATE (never-expiring tokens excluded)"] }),
  noExpiry: field({ param: "no-expiry", kind: "flag", parse: flagField, format: on, help: ["", "the token never expires"] }),
  /** Expires more than N days after being granted (grants that never expire are not included). */
  lifetimeOverDays: field({ param: "lifetime-over", kind: "scalar", parse: wholeNumber("of days ", 0, MAX_LIFETIME_DAYS), format: num, help: ["N", "expires more than N days after it was granted (never-expiring excluded)"] }),
  selection: field({ param: "selection", kind: "list", parse: list(oneOf(REPOSITORY_SELECTIONS)).transform((s) => nonEmpty([...new Set(s)])), format: (v) => v, help: ["all|subset|none", "repository selection (repeatable, or comma-separated)"] }),
  /** The owner is no longer a member of the org. */
  ownerLeft: field({ param: "owner-left", kind: "flag", parse: flagField, format: on, help: ["", "the owner is no longer a member of the org"] }),
  /** Risk score (0–100) at least N. */
  riskMin: field({ param: "risk-min", kind: "scalar", parse: wholeNumber("", 0, 100), format: num, help: ["N", "risk score (0–100) at least N"] }),
  /** Substring of the token name or owner login, case-insensitive. */
  search: field({ param: "search", kind: "scalar", parse: scalar((s) => s), format: (v) => [v], help: ["TEXT", "token name or owner login contains TEXT"] }),
  /** Active grants unless asked otherwise. */
  state: field({ param: "state", kind: "scalar", parse: scalar(oneOf(GRANT_STATES)), format: (v) => (v === "active" ? [] : [v]), help: ["active|removed|all", "default active"] }),
} as const;

type Fields = typeof GRANT_FILTER_FIELDS;
export type GrantFilterKey = keyof Fields;
export type GrantFilter = { [K in GrantFilterKey]?: Fields[K] extends Field<infer T> ? T : never };

/** Sorting and paging: part of a query, not of "what matches". */
const QUERY_FIELDS = {
  sort: scalar(oneOf(GRANT_SORT_COLUMNS)).optional(),
  direction: scalar(oneOf(SORT_DIRECTIONS)).optional(),
  page: wholeNumber("", 1).default(1),
  "per-page": wholeNumber("", 1, MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
  /** Keyset paging (model/grant-cursor.ts): the page after, or before, this cursor's row. */
  after: scalar((s) => s).optional(),
  before: scalar((s) => s).optional(),
};

export type GrantQuery = {
  filter: GrantFilter;
  sort: GrantSortColumn;
  direction: SortDirection;
  page: number;
  perPage: number;
  /**
   * A cursor (model/grant-cursor.ts, checked against sort and direction): the page starts after,
   * or ends before, its row. With a cursor, `page` only numbers the page (it was reached by walking).
   */
  after?: string;
  before?: string;
};

const FIELD_ENTRIES = Object.entries(GRANT_FILTER_FIELDS) as [GrantFilterKey, Field<unknown>][];

/** Filter parameter names, in help order. */
export const GRANT_FILTER_PARAMS = FIELD_ENTRIES.map(([, f]) => f.param);
/** Flag / search-param names (filters, then sort and paging), in the order help texts list them. */
export const GRANT_QUERY_KEYS = [...GRANT_FILTER_PARAMS, ...Object.keys(QUERY_FIELDS)] as readonly string[];
export type GrantQueryKey = string;
export const GRANT_BOOLEAN_KEYS = FIELD_ENTRIES.filter(([, f]) => f.kind === "flag").map(([, f]) => f.param);

type RawValue = string | boolean | readonly (string | boolean)[] | undefined | null;
export type RawGrantQuery = Record<string, RawValue>;

const GrantQuerySchema = z.object({
  ...Object.fromEntries(FIELD_ENTRIES.map(([, f]) => [f.param, f.parse.optional()])),
  ...QUERY_FIELDS,
});

/** Strings, booleans (parseArgs), or lists of them → lists of strings; absent and false-y blanks dropped. */
function normalize(input: RawGrantQuery): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (raw === undefined || raw === null) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === "boolean" ? String(v) : v));
    // An empty value means "not set" for value fields, but "on" for boolean flags (`?expired`).
    const kept = GRANT_BOOLEAN_KEYS.includes(key) ? values : values.filter((v) => v.trim() !== "");
    if (kept.length) out[key] = kept;
  }
  return out;
}

export type ParseGrantQueryOptions = {
  input: RawGrantQuery;
  /** How to name a field in errors: "--stale-days" for the CLI, "stale-days" for URLs. */
  label?: (key: string) => string;
  /** Refuse keys that are not grant filters (the CLI); URLs may carry other params. */
  strict?: boolean;
};

/** Throws InvalidInput naming the field and what it allows. */
export function parseGrantQuery({ input, label = (k) => k, strict = false }: ParseGrantQueryOptions): GrantQuery {
  const values = normalize(input);
  if (strict) {
    const unknown = Object.keys(values).find((k) => !GRANT_QUERY_KEYS.includes(k));
    if (unknown) {
      const close = closeMatches(unknown, GRANT_QUERY_KEYS).map(label);
      throw new InvalidInput(label(unknown), `unknown filter; ${close.length ? `did you mean ${close.join(" or ")}? ` : ""}allowed: ${GRANT_QUERY_KEYS.join(", ")}`);
    }
  }
  const parsed = GrantQuerySchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidInput(label(String(issue.path[0] ?? "filter")), issue.message);
  }
  const q = parsed.data as Record<string, unknown> & { sort?: GrantSortColumn; direction?: SortDirection; page: number; "per-page": number; after?: string; before?: string };
  const filter: Record<string, unknown> = {};
  for (const [key, f] of FIELD_ENTRIES) if (q[f.param] !== undefined) filter[key] = q[f.param];
  const sort = q.sort ?? "granted";
  const direction = q.direction ?? defaultDirection(sort);
  if (q.after !== undefined && q.before !== undefined) throw new InvalidInput(label("before"), `give ${label("after")} or ${label("before")}, not both`);
  for (const key of ["after", "before"] as const) {
    const text = q[key];
    if (text !== undefined) decodeGrantCursor({ text, field: label(key), sort, direction });
  }
  return {
    filter: filter as GrantFilter, sort, direction, page: q.page, perPage: q["per-page"],
    ...(q.after !== undefined ? { after: q.after } : {}), ...(q.before !== undefined ? { before: q.before } : {}),
  };
}

/**
 * Said beside a repository filter's result (CLI and dashboard alike) while "all" grants can be in it:
 * otherwise a list of mostly "All repositories" grants reads as grants naming that repository.
 */
export function repositoryNote(filter: GrantFilter): string | null {
  if (filter.repository === undefined || (filter.selection && !filter.selection.includes("all"))) return null;
  return `Grants with "All repositories" reach every repository, ${filter.repository} included, so they are listed too; selection "subset" shows only grants that name it.`;
}

/** Names and dates read ascending; dates of activity read newest first; the riskiest first. */
export function defaultDirection(sort: GrantSortColumn): SortDirection {
  return sort === "granted" || sort === "last-used" || sort === "risk" ? "desc" : "asc";
}

/** The inverse of parseGrantQuery, for links (dashboard URLs, chart drill-downs, stored selections). */
export function toGrantSearchParams(query: Partial<GrantQuery> & { filter: GrantFilter }): URLSearchParams {
  const p = new URLSearchParams();
  for (const [key, f] of FIELD_ENTRIES) {
    const value = query.filter[key];
    if (value !== undefined) for (const s of f.format(value)) p.append(f.param, s);
  }
  if (query.sort) p.set("sort", query.sort);
  if (query.direction) p.set("direction", query.direction);
  if (query.page && query.page > 1) p.set("page", String(query.page));
  if (query.perPage && query.perPage !== DEFAULT_PER_PAGE) p.set("per-page", String(query.perPage));
  if (query.after) p.set("after", query.after);
  if (query.before) p.set("before", query.before);
  return p;
}

/** node:util parseArgs options for every filter (`sorting` adds --sort, --direction, --page, --per-page, --after, --before). */
export function grantFilterFlags({ sorting }: { sorting: boolean }): Record<string, { type: "string" | "boolean"; multiple?: boolean }> {
  const flags: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const [, f] of FIELD_ENTRIES) flags[f.param] = f.kind === "flag" ? { type: "boolean" } : { type: "string", multiple: f.kind === "list" };
  if (sorting) for (const k of Object.keys(QUERY_FIELDS)) flags[k] = { type: "string" };
  return flags;
}

/** The filters' lines of CLI help, aligned: `  --stale-days N              not used for …`. */
export function grantFilterHelp(): string {
  const width = 30;
  return FIELD_ENTRIES.flatMap(([, f]) => {
    const [arg, first, ...more] = f.help;
    const head = `  --${f.param}${arg ? ` ${arg}` : ""}`;
    return [`${head.padEnd(width)}${head.length >= width ? " " : ""}${first}`, ...more.map((m) => `${" ".repeat(width)}${m}`)];
  }).join("\n");
}
