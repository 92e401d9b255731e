// One parser for grant filters, shared by the CLI (flags) and the dashboard (URL search params):
// the same names on both sides, so a URL and a command line mean the same thing.
import { z } from "zod";
import { REPOSITORY_SELECTIONS, type RepositorySelection } from "../../db/schema.ts";
import { InvalidInput } from "../errors.ts";
import { flag, isoDate, list, oneOf, parsePermission, scalar, wholeNumber, type PermissionRequirement } from "./filter-fields.ts";

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

/** Every condition is optional; present conditions are ANDed. */
export type GrantFilter = {
  /** Any of these owner logins (case-insensitive). */
  owner?: string[];
  /** Grants that can reach this repository name: `all` grants, and `subset` grants listing it. */
  repository?: string;
  /** Holds every one of these, each at the given level or higher. */
  permission?: PermissionRequirement[];
  /** Holds at least one of these, each at the given level or higher. */
  permissionAny?: PermissionRequirement[];
  /** Reaches all repositories with some repository permission at write or admin. */
  allReposWrite?: boolean;
  lastUsedBefore?: Date;
  lastUsedAfter?: Date;
  neverUsed?: boolean;
  /** Not used for N days, or never used and granted more than N days ago. */
  staleDays?: number;
  expired?: boolean;
  /** Not yet expired, and expires within N days. */
  expiringWithin?: number;
  noExpiry?: boolean;
  /** Expires more than N days after being granted (grants that never expire are not included). */
  lifetimeOverDays?: number;
  /** Expires at or after this instant. */
  expiresAfter?: Date;
  /** Risk score (0–100) at least N. */
  riskMin?: number;
  selection?: RepositorySelection[];
  /** The owner is no longer a member of the org. */
  ownerLeft?: boolean;
  /** Substring of the token name or owner login, case-insensitive. */
  search?: string;
  /** Active grants unless asked otherwise. */
  state?: GrantState;
};

export type GrantQuery = {
  filter: GrantFilter;
  sort: GrantSortColumn;
  direction: SortDirection;
  page: number;
  perPage: number;
};

/** Flag / search-param names, in the order help texts list them. */
export const GRANT_QUERY_KEYS = [
  "owner", "repository", "permission", "permission-any", "all-repos-write", "last-used-before", "last-used-after",
  "never-used", "stale-days", "expired", "expiring-within", "expires-after", "no-expiry", "lifetime-over",
  "selection", "owner-left", "risk-min", "search", "state",
  "sort", "direction", "page", "per-page",
] as const;
export type GrantQueryKey = (typeof GRANT_QUERY_KEYS)[number];
export const GRANT_BOOLEAN_KEYS = ["never-used", "expired", "no-expiry", "owner-left", "all-repos-write"] as const;

type RawValue = string | boolean | readonly (string | boolean)[] | undefined | null;
export type RawGrantQuery = Record<string, RawValue>;

const GrantQuerySchema = z.object({
  owner: list((s) => s).optional(),
  repository: scalar((s) => s).optional(),
  permission: list(parsePermission).optional(),
  "permission-any": list(parsePermission).optional(),
  "all-repos-write": flag.optional(),
  "last-used-before": isoDate.optional(),
  "last-used-after": isoDate.optional(),
  "never-used": flag.optional(),
  "stale-days": wholeNumber("of days ", 0).optional(),
  expired: flag.optional(),
  "expiring-within": wholeNumber("of days ", 0).optional(),
  "expires-after": isoDate.optional(),
  "no-expiry": flag.optional(),
  "lifetime-over": wholeNumber("of days ", 0, MAX_LIFETIME_DAYS).optional(),
  selection: list(oneOf(REPOSITORY_SELECTIONS)).optional(),
  "owner-left": flag.optional(),
  "risk-min": wholeNumber("", 0, 100).optional(),
  search: scalar((s) => s).optional(),
  state: scalar(oneOf(GRANT_STATES)).optional(),
  sort: scalar(oneOf(GRANT_SORT_COLUMNS)).default("granted"),
  direction: scalar(oneOf(SORT_DIRECTIONS)).optional(),
  page: wholeNumber("", 1).default(1),
  "per-page": wholeNumber("", 1, MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
});

/** Strings, booleans (parseArgs), or lists of them → lists of strings; absent and false-y blanks dropped. */
function normalize(input: RawGrantQuery): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (raw === undefined || raw === null) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === "boolean" ? String(v) : v));
    // An empty value means "not set" for value fields, but "on" for boolean flags (`?expired`).
    const kept = (GRANT_BOOLEAN_KEYS as readonly string[]).includes(key) ? values : values.filter((v) => v.trim() !== "");
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
    const unknown = Object.keys(values).find((k) => !(GRANT_QUERY_KEYS as readonly string[]).includes(k));
    if (unknown) throw new InvalidInput(label(unknown), `unknown filter; allowed: ${GRANT_QUERY_KEYS.join(", ")}`);
  }
  const parsed = GrantQuerySchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidInput(label(String(issue.path[0] ?? "filter")), issue.message);
  }
  const q = parsed.data;
  const filter: GrantFilter = {
    owner: q.owner?.length ? [...new Set(q.owner.map((o) => o.toLowerCase()))] : undefined,
    repository: q.repository,
    permission: q.permission?.length ? q.permission : undefined,
    permissionAny: q["permission-any"]?.length ? q["permission-any"] : undefined,
    allReposWrite: q["all-repos-write"] || undefined,
    lastUsedBefore: q["last-used-before"],
    lastUsedAfter: q["last-used-after"],
    neverUsed: q["never-used"] || undefined,
    staleDays: q["stale-days"],
    expired: q.expired || undefined,
    expiringWithin: q["expiring-within"],
    noExpiry: q["no-expiry"] || undefined,
    lifetimeOverDays: q["lifetime-over"],
    expiresAfter: q["expires-after"],
    riskMin: q["risk-min"],
    selection: q.selection?.length ? [...new Set(q.selection)] : undefined,
    ownerLeft: q["owner-left"] || undefined,
    search: q.search,
    state: q.state,
  };
  for (const key of Object.keys(filter) as (keyof GrantFilter)[]) if (filter[key] === undefined) delete filter[key];
  return {
    filter,
    sort: q.sort,
    direction: q.direction ?? defaultDirection(q.sort),
    page: q.page,
    perPage: q["per-page"],
  };
}

/** Names and dates read ascending; dates of activity read newest first; the riskiest first. */
export function defaultDirection(sort: GrantSortColumn): SortDirection {
  return sort === "granted" || sort === "last-used" || sort === "risk" ? "desc" : "asc";
}

/** The inverse of parseGrantQuery, for links (dashboard URLs, chart drill-downs). */
export function toGrantSearchParams(query: Partial<GrantQuery> & { filter: GrantFilter }): URLSearchParams {
  const p = new URLSearchParams();
  const f = query.filter;
  for (const o of f.owner ?? []) p.append("owner", o);
  if (f.repository) p.set("repository", f.repository);
  for (const perm of f.permission ?? []) p.append("permission", `${perm.name}:${perm.level}`);
  for (const perm of f.permissionAny ?? []) p.append("permission-any", `${perm.name}:${perm.level}`);
  if (f.allReposWrite) p.set("all-repos-write", "true");
  if (f.lastUsedBefore) p.set("last-used-before", f.lastUsedBefore.toISOString());
  if (f.lastUsedAfter) p.set("last-used-after", f.lastUsedAfter.toISOString());
  if (f.neverUsed) p.set("never-used", "true");
  if (f.staleDays !== undefined) p.set("stale-days", String(f.staleDays));
  if (f.expired) p.set("expired", "true");
  if (f.expiringWithin !== undefined) p.set("expiring-within", String(f.expiringWithin));
  if (f.expiresAfter) p.set("expires-after", f.expiresAfter.toISOString());
  if (f.noExpiry) p.set("no-expiry", "true");
  if (f.lifetimeOverDays !== undefined) p.set("lifetime-over", String(f.lifetimeOverDays));
  for (const s of f.selection ?? []) p.append("selection", s);
  if (f.ownerLeft) p.set("owner-left", "true");
  if (f.riskMin !== undefined) p.set("risk-min", String(f.riskMin));
  if (f.search) p.set("search", f.search);
  if (f.state && f.state !== "active") p.set("state", f.state);
  if (query.sort) p.set("sort", query.sort);
  if (query.direction) p.set("direction", query.direction);
  if (query.page && query.page > 1) p.set("page", String(query.page));
  if (query.perPage && query.perPage !== DEFAULT_PER_PAGE) p.set("per-page", String(query.perPage));
  return p;
}
