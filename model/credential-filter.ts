// The credentials filter (SSO credential authorizations), declared once as a table like the grant
// filter (model/grant-filter.ts): each entry names its URL/flag parameter, its parser, its URL form
// and its line of CLI help. The type, the URL/flag parser, the URL form, the CLI flags and help
// follow from CREDENTIAL_FILTER_FIELDS; each entry's SQL is in db/queries/credentials.ts
// (CREDENTIAL_CONDITIONS), whose type requires one per entry.
import { z } from "zod";
import { closeMatches } from "./close-matches.ts";
import { decodeCredentialCursor } from "./credential-cursor.ts";
import { CREDENTIAL_KINDS } from "./credentials.ts";
import { InvalidInput } from "./errors.ts";
import { flag, isoDate, list, oneOf, scalar, wholeNumber } from "./filter-fields.ts";
import { GRANT_STATES, SORT_DIRECTIONS, type GrantState, type SortDirection } from "./grant-filter.ts";

export const CREDENTIAL_SORT_COLUMNS = ["owner", "type", "accessed", "authorized", "expires", "risk", "id"] as const;
export type CredentialSortColumn = (typeof CREDENTIAL_SORT_COLUMNS)[number];
export type { SortDirection };
/** active (default), removed, all: the grants' words. */
export const CREDENTIAL_STATES = GRANT_STATES;
export type CredentialState = GrantState;
export const CREDENTIAL_MAX_PER_PAGE = 500;
export const CREDENTIAL_DEFAULT_PER_PAGE = 50;

type Field<T> = {
  param: string;
  kind: "list" | "scalar" | "flag";
  parse: z.ZodType<T | undefined, string[]>;
  format: (value: T) => string[];
  help: [arg: string, ...text: string[]];
};
const field = <T>(f: Field<T>) => f;
const iso = (d: Date) => [d.toISOString()];
const on = (b: boolean) => (b ? ["true"] : []);
const unique = <T>(xs: T[]) => (xs.length ? [...new Set(xs)] : undefined);
const flagField = flag.transform((b) => b || undefined);

/** OAuth scope names as GitHub writes them (`repo`, `admin:org`, `delete_repo`, `read:packages`). */
const scopeName = (s: string, ctx: z.RefinementCtx): string => {
  const v = s.toLowerCase();
  if (!/^[a-z_]+(:[a-z_]+)?$/.test(v)) {
    ctx.addIssue({ code: "custom", message: `expected an OAuth scope such as repo, admin:org, delete_repo or workflow, got ${JSON.stringify(s)}` });
    return z.NEVER as never;
  }
  return v;
};

/** Every condition is optional; present conditions are ANDed. Order = help order = URL order. */
export const CREDENTIAL_FILTER_FIELDS = {
  type: field({ param: "type", kind: "list", parse: list(oneOf(CREDENTIAL_KINDS)).transform(unique), format: (v) => v, help: [CREDENTIAL_KINDS.join("|"), "credential kind (repeatable, or comma-separated)"] }),
  owner: field({ param: "owner", kind: "list", parse: list((s) => s.toLowerCase()).transform(unique), format: (v) => v, help: ["LOGIN[,LOGIN]", "owned by any of these users (repeatable)"] }),
  /** Holds at least one of these scopes, named exactly as GitHub lists them (`repo` does not match `repo:status`). */
  scope: field({ param: "scope", kind: "list", parse: list(scopeName).transform(unique), format: (v) => v, help: ["SCOPE[,SCOPE]", "holds any of these OAuth scopes, named as GitHub lists them", "(repo, admin:org, delete_repo, workflow, …)"] }),
  accessedBefore: field({ param: "accessed-before", kind: "scalar", parse: isoDate, format: iso, help: ["DATE", "last accessed before DATE (never-accessed excluded)"] }),
  accessedAfter: field({ param: "accessed-after", kind: "scalar", parse: isoDate, format: iso, help: ["DATE", "last accessed after DATE"] }),
  neverAccessed: field({ param: "never-accessed", kind: "flag", parse: flagField, format: on, help: ["", "never accessed the org"] }),
  noExpiry: field({ param: "no-expiry", kind: "flag", parse: flagField, format: on, help: ["", "no expiry date (SSH keys never have one)"] }),
  expired: field({ param: "expired", kind: "flag", parse: flagField, format: on, help: ["", "the token has expired"] }),
  ownerLeft: field({ param: "owner-left", kind: "flag", parse: flagField, format: on, help: ["", "the owner is no longer a member of the org"] }),
  riskMin: field({ param: "risk-min", kind: "scalar", parse: wholeNumber("", 0, 100), format: (n) => [String(n)], help: ["N", "risk score (0–100) at least N"] }),
  /** Substring of login, title, note, last eight or fingerprint, case-insensitive. */
  q: field({ param: "q", kind: "scalar", parse: scalar((s) => s), format: (v) => [v], help: ["TEXT", "login, title, note, last eight or fingerprint contains TEXT"] }),
  state: field({ param: "state", kind: "scalar", parse: scalar(oneOf(CREDENTIAL_STATES)), format: (v) => (v === "active" ? [] : [v]), help: ["active|removed|all", "default active"] }),
} as const;

type Fields = typeof CREDENTIAL_FILTER_FIELDS;
export type CredentialFilterKey = keyof Fields;
export type CredentialFilter = { [K in CredentialFilterKey]?: Fields[K] extends Field<infer T> ? T : never };

const QUERY_FIELDS = {
  sort: scalar(oneOf(CREDENTIAL_SORT_COLUMNS)).optional(),
  direction: scalar(oneOf(SORT_DIRECTIONS)).optional(),
  "per-page": wholeNumber("", 1, CREDENTIAL_MAX_PER_PAGE).default(CREDENTIAL_DEFAULT_PER_PAGE),
  /** Keyset paging (model/credential-cursor.ts): the page after, or before, this cursor's row. */
  after: scalar((s) => s).optional(),
  before: scalar((s) => s).optional(),
};

export type CredentialQuery = {
  filter: CredentialFilter; sort: CredentialSortColumn; direction: SortDirection; perPage: number;
  after?: string; before?: string;
};

const FIELD_ENTRIES = Object.entries(CREDENTIAL_FILTER_FIELDS) as [CredentialFilterKey, Field<unknown>][];
export const CREDENTIAL_FILTER_PARAMS = FIELD_ENTRIES.map(([, f]) => f.param);
export const CREDENTIAL_QUERY_KEYS = [...CREDENTIAL_FILTER_PARAMS, ...Object.keys(QUERY_FIELDS)] as readonly string[];
const BOOLEAN_KEYS = FIELD_ENTRIES.filter(([, f]) => f.kind === "flag").map(([, f]) => f.param);

export type RawCredentialQuery = Record<string, string | boolean | readonly (string | boolean)[] | undefined | null>;
const Schema = z.object({ ...Object.fromEntries(FIELD_ENTRIES.map(([, f]) => [f.param, f.parse.optional()])), ...QUERY_FIELDS });

function normalize(input: RawCredentialQuery): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (raw === undefined || raw === null) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === "boolean" ? String(v) : v));
    // Empty means "not set" for value fields but "on" for a flag (`?expired`).
    const kept = BOOLEAN_KEYS.includes(key) ? values : values.filter((v) => v.trim() !== "");
    if (kept.length) out[key] = kept;
  }
  return out;
}

/** Names and dates read ascending; activity and risk newest / highest first. */
export function credentialDefaultDirection(sort: CredentialSortColumn): SortDirection {
  return sort === "authorized" || sort === "accessed" || sort === "risk" ? "desc" : "asc";
}

/** The grants' words for what credentials call otherwise, so a grants habit gets the right suggestion. */
const GRANT_WORDS: Record<string, string> = {
  "never-used": "never-accessed", "last-used-before": "accessed-before", "last-used-after": "accessed-after", search: "q", permission: "scope", page: "after",
};

/**
 * URL params or CLI flags → a query. Throws InvalidInput naming the field (`label`: "--scope" for
 * the CLI) and what it allows; `strict` refuses keys that are not credential filters (the CLI).
 */
export function parseCredentialQuery({ input, label = (k) => k, strict = false }: {
  input: RawCredentialQuery; label?: (key: string) => string; strict?: boolean;
}): CredentialQuery {
  const values = normalize(input);
  const unknown = strict ? Object.keys(values).find((k) => !CREDENTIAL_QUERY_KEYS.includes(k)) : undefined;
  if (unknown) {
    const close = (Object.hasOwn(GRANT_WORDS, unknown) ? [GRANT_WORDS[unknown]!] : closeMatches(unknown, CREDENTIAL_QUERY_KEYS)).map(label);
    throw new InvalidInput(label(unknown), `unknown filter; ${close.length ? `did you mean ${close.join(" or ")}? ` : ""}allowed: ${CREDENTIAL_QUERY_KEYS.join(", ")}`);
  }
  const parsed = Schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidInput(label(String(issue.path[0] ?? "filter")), issue.message);
  }
  const q = parsed.data as Record<string, unknown> & { sort?: CredentialSortColumn; direction?: SortDirection; "per-page": number; after?: string; before?: string };
  const filter: Record<string, unknown> = {};
  for (const [key, f] of FIELD_ENTRIES) if (q[f.param] !== undefined) filter[key] = q[f.param];
  const sort = q.sort ?? "authorized";
  const direction = q.direction ?? credentialDefaultDirection(sort);
  if (q.after !== undefined && q.before !== undefined) throw new InvalidInput(label("before"), `give ${label("after")} or ${label("before")}, not both`);
  for (const key of ["after", "before"] as const) {
    if (q[key] !== undefined) decodeCredentialCursor({ text: q[key], field: label(key), sort, direction });
  }
  return {
    filter: filter as CredentialFilter, sort, direction, perPage: q["per-page"],
    ...(q.after !== undefined ? { after: q.after } : {}), ...(q.before !== undefined ? { before: q.before } : {}),
  };
}

/** The inverse of parseCredentialQuery, for links. */
export function toCredentialSearchParams(query: Partial<CredentialQuery> & { filter: CredentialFilter }): URLSearchParams {
  const p = new URLSearchParams();
  for (const [key, f] of FIELD_ENTRIES) {
    const value = query.filter[key];
    if (value !== undefined) for (const s of f.format(value)) p.append(f.param, s);
  }
  if (query.sort) p.set("sort", query.sort);
  if (query.direction) p.set("direction", query.direction);
  if (query.perPage && query.perPage !== CREDENTIAL_DEFAULT_PER_PAGE) p.set("per-page", String(query.perPage));
  if (query.after) p.set("after", query.after);
  if (query.before) p.set("before", query.before);
  return p;
}

/** node:util parseArgs options for every filter, sort and paging flag. */
export function credentialFilterFlags(): Record<string, { type: "string" | "boolean"; multiple?: boolean }> {
  const flags: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const [, f] of FIELD_ENTRIES) flags[f.param] = f.kind === "flag" ? { type: "boolean" } : { type: "string", multiple: f.kind === "list" };
  for (const k of Object.keys(QUERY_FIELDS)) flags[k] = { type: "string" };
  return flags;
}

/** The filters' lines of CLI help, aligned like grants'. */
export function credentialFilterHelp(): string {
  const width = 30;
  return FIELD_ENTRIES.flatMap(([, f]) => {
    const [arg, first, ...more] = f.help;
    const head = `  --${f.param}${arg ? ` ${arg}` : ""}`;
    return [`${head.padEnd(width)}${head.length >= width ? " " : ""}${first}`, ...more.map((m) => `${" ".repeat(width)}${m}`)];
  }).join("\n");
}
