// The filter forms' inputs, derived from each filter table (model/grant-filter.ts,
// model/credential-filter.ts) so a new filter gets an input without anyone remembering to add one:
// a flag is a checkbox, a DATE a date input, an N a number input, "a|b|c" (lower case) choices
// (checkboxes for a list, a select for a scalar), anything else a text input. The LOOKS tables only
// give people's words and sizes; a filter missing there is labelled from its CLI help.
import { CREDENTIAL_FILTER_FIELDS, type CredentialFilterKey } from "../../model/credential-filter.ts";
import { GRANT_FILTER_FIELDS, type GrantFilterKey } from "../../model/grant-filter.ts";

export type FilterInputKind = "text" | "number" | "date" | "select" | "choices" | "checkbox";

export type FilterInput<K extends string = string> = {
  key: K;
  param: string;
  kind: FilterInputKind;
  label: string;
  /** select / choices: the allowed values; a select's default value is submitted as "" (dropped). */
  options: string[];
  defaultOption: string | null;
  placeholder?: string;
  width?: number;
  /** A number input's upper bound. */
  max?: number;
  /** Offer the permission names (a datalist) while typing. */
  permissions?: boolean;
};

type Look = { label: string; placeholder?: string; width?: number; max?: number; permissions?: boolean };

const LOOKS: Partial<Record<GrantFilterKey, Look>> = {
  search: { label: "Token or owner contains", placeholder: "deploy", width: 150 },
  owner: { label: "Owners (comma-separated)", placeholder: "alice, bob", width: 160 },
  repository: { label: "Reaches repository", placeholder: "api", width: 120 },
  permission: { label: "Permission (at least)", placeholder: "contents:write", width: 170, permissions: true },
  permissionAny: { label: "Any of these permissions", placeholder: "secrets:read, workflows:write", width: 210, permissions: true },
  staleDays: { label: "Stale for days", placeholder: "90", width: 95 },
  expiringWithin: { label: "Expires within days", placeholder: "30", width: 115 },
  lifetimeOverDays: { label: "Lifetime over days", placeholder: "366", width: 115 },
  riskMin: { label: "Risk at least (0–100)", placeholder: "70", width: 110 },
  lastUsedAfter: { label: "Last used after" },
  lastUsedBefore: { label: "Last used before" },
  expiresAfter: { label: "Expires after" },
  allReposWrite: { label: "All repositories, with write" },
  neverUsed: { label: "Never used" },
  expired: { label: "Expired" },
  noExpiry: { label: "No expiry" },
  ownerLeft: { label: "Owner left the org" },
  selection: { label: "Repositories:" },
  state: { label: "Grants" },
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const CREDENTIAL_LOOKS: Record<CredentialFilterKey, Look> = {
  q: { label: "Login, title, note or key contains", placeholder: "deploy", width: 170 },
  owner: { label: "Owners (comma-separated)", placeholder: "alice, bob", width: 160 },
  scope: { label: "Any of these scopes", placeholder: "admin:org, delete_repo", width: 180 },
  accessedAfter: { label: "Accessed after" },
  accessedBefore: { label: "Accessed before" },
  riskMin: { label: "Risk at least (0–100)", placeholder: "70", width: 110, max: 100 },
  state: { label: "Credentials" },
  type: { label: "Type:" },
  neverAccessed: { label: "Never accessed" },
  noExpiry: { label: "No expiry" },
  expired: { label: "Expired" },
  ownerLeft: { label: "Owner left the org" },
};

function kindOf(kind: "list" | "scalar" | "flag", arg: string): FilterInputKind {
  if (kind === "flag") return "checkbox";
  // Literal choices are lower case ("all|subset|none", "classic_pat|ssh_key"); upper case names a value's form ("NAME|OWNER/NAME").
  if (/^[a-z_]+(\|[a-z_]+)+$/.test(arg)) return kind === "list" ? "choices" : "select";
  if (arg === "DATE") return "date";
  if (arg === "N") return "number";
  return "text";
}

type FieldShape = { param: string; kind: "list" | "scalar" | "flag"; help: readonly [string, ...string[]] };

/** One input per entry of a filter table, in its order. */
function filterInputs<K extends string>(fields: Record<K, FieldShape>, looks: Partial<Record<K, Look>>): readonly FilterInput<K>[] {
  return (Object.entries(fields) as [K, FieldShape][]).map(([key, f]) => {
    const [arg, first = f.param] = f.help;
    const kind = kindOf(f.kind, arg);
    const options = kind === "select" || kind === "choices" ? arg.split("|") : [];
    // "default active" in the help: that choice is the absent parameter, so URLs stay short.
    const defaultOption = kind === "select" && options.some((o) => f.help.slice(1).join(" ") === `default ${o}`) ? f.help[1]!.slice("default ".length) : null;
    return { key, param: f.param, kind, options, defaultOption, ...(looks[key] ?? { label: capitalize(first) }) };
  });
}

export const FILTER_INPUTS = filterInputs<GrantFilterKey>(GRANT_FILTER_FIELDS, LOOKS);
export const CREDENTIAL_FILTER_INPUTS = filterInputs<CredentialFilterKey>(CREDENTIAL_FILTER_FIELDS, CREDENTIAL_LOOKS);

/**
 * A URL value as a date input shows it: the day of a date, or of a date-time at midnight UTC; null
 * when a date input would lose part of it (a time of day), so the form shows it as text instead.
 */
export function toDateInputValue(value: string | undefined): string | null {
  if (!value) return "";
  const m = /^(\d{4}-\d{2}-\d{2})(T00:00(:00(\.0+)?)?(Z|[+-]00:?00)?)?$/i.exec(value);
  return m ? m[1]! : null;
}
