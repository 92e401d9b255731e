// The grants filter form's inputs, derived from the filter table (model/grant-filter.ts) so a new
// filter gets an input without anyone remembering to add one: a flag is a checkbox, a DATE a date
// input, an N a number input, "a|b|c" (lower case) choices (checkboxes for a list, a select for a scalar),
// anything else a text input. LOOKS only gives people's words and sizes; a filter missing there is
// labelled from its CLI help.
import { GRANT_FILTER_FIELDS, type GrantFilterKey } from "../../model/grant-filter.ts";

export type FilterInputKind = "text" | "number" | "date" | "select" | "choices" | "checkbox";

export type FilterInput = {
  key: GrantFilterKey;
  param: string;
  kind: FilterInputKind;
  label: string;
  /** select / choices: the allowed values; a select's default value is submitted as "" (dropped). */
  options: string[];
  defaultOption: string | null;
  placeholder?: string;
  width?: number;
  /** Offer the permission names (a datalist) while typing. */
  permissions?: boolean;
};

type Look = { label: string; placeholder?: string; width?: number; permissions?: boolean };

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

function kindOf(kind: "list" | "scalar" | "flag", arg: string): FilterInputKind {
  if (kind === "flag") return "checkbox";
  // Literal choices are lower case ("all|subset|none"); upper case names a value's form ("NAME|OWNER/NAME").
  if (/^[a-z]+(\|[a-z]+)+$/.test(arg)) return kind === "list" ? "choices" : "select";
  if (arg === "DATE") return "date";
  if (arg === "N") return "number";
  return "text";
}

export const FILTER_INPUTS: readonly FilterInput[] = (Object.entries(GRANT_FILTER_FIELDS) as [GrantFilterKey, (typeof GRANT_FILTER_FIELDS)[GrantFilterKey]][]).map(([key, f]) => {
  const [arg, first = f.param] = f.help;
  const kind = kindOf(f.kind, arg);
  const options = kind === "select" || kind === "choices" ? arg.split("|") : [];
  // "default active" in the help: that choice is the absent parameter, so URLs stay short.
  const defaultOption = kind === "select" && options.some((o) => f.help.slice(1).join(" ") === `default ${o}`) ? f.help[1]!.slice("default ".length) : null;
  return { key, param: f.param, kind, options, defaultOption, ...(LOOKS[key] ?? { label: capitalize(first) }) };
});

/**
 * A URL value as a date input shows it: the day of a date, or of a date-time at midnight UTC; null
 * when a date input would lose part of it (a time of day), so the form shows it as text instead.
 */
export function toDateInputValue(value: string | undefined): string | null {
  if (!value) return "";
  const m = /^(\d{4}-\d{2}-\d{2})(T00:00(:00(\.0+)?)?(Z|[+-]00:?00)?)?$/i.exec(value);
  return m ? m[1]! : null;
}
