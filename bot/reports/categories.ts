// Report categories as `patwarden grants` filters: each category is the union of one or more
// filters in query-string form, parsed by the same parser the CLI and the dashboard use, so a
// report's findings and `npx patwarden grants --org … <filter>` cannot drift apart.
import { parseGrantQuery, type GrantFilter } from "../../model/grant-filter.ts";
import { DEFAULT_POLICY_CONFIG, type PolicyConfig } from "../policies/config.ts";
import type { FindingCategory, ReportThresholds } from "./document.ts";

export type CategorySpec = { category: FindingCategory; filters: { query: string; filter: GrantFilter }[] };

/** Permissions the config's forbidden_permissions rules name; the defaults' list when it has none. */
export function forbiddenPermissionsOf(config: PolicyConfig): string[] {
  const from = (c: PolicyConfig) => c.rules.flatMap((r) => (r.type === "forbidden_permissions" ? r.permissions : []));
  const listed = from(config);
  return [...new Set(listed.length ? listed : from(DEFAULT_POLICY_CONFIG))].sort();
}

export function thresholdsOf(config: PolicyConfig): ReportThresholds {
  return {
    staleDays: config.reports.staleDays,
    expiringDays: config.reports.expiringDays,
    longExpiryDays: config.reports.longExpiryDays,
    forbiddenPermissions: forbiddenPermissionsOf(config),
    allRepositoriesWrite: true,
  };
}

/** Query strings per category, in report order. */
export function categoryQueries(t: ReportThresholds): { category: FindingCategory; queries: string[] }[] {
  return [
    { category: "stale", queries: [`stale-days=${t.staleDays}`] },
    { category: "never_used", queries: ["never-used=true"] },
    { category: "expired", queries: ["expired=true"] },
    { category: "expiring", queries: [`expiring-within=${t.expiringDays}`] },
    { category: "no_expiry", queries: ["no-expiry=true"] },
    { category: "long_expiry", queries: [`lifetime-over=${t.longExpiryDays}`] },
    {
      category: "over_privileged",
      queries: [
        ...(t.forbiddenPermissions.length ? [`permission-any=${t.forbiddenPermissions.join(",")}`] : []),
        "all-repos-write=true",
      ],
    },
    { category: "owner_left", queries: ["owner-left=true"] },
  ];
}

/** Parses a category query exactly as `patwarden grants` parses flags (strict: an unknown key is an error, never ignored). */
export function parseCategoryQuery(query: string): GrantFilter {
  const input: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) (input[k] ??= []).push(v);
  return parseGrantQuery({ input, strict: true }).filter;
}

export function categorySpecs(t: ReportThresholds): CategorySpec[] {
  return categoryQueries(t).map(({ category, queries }) => ({
    category,
    filters: queries.map((query) => ({ query, filter: parseCategoryQuery(query) })),
  }));
}

/** `stale-days=90&owner-left=true` → `--stale-days 90 --owner-left` (for people reading the Markdown). */
export function queryAsFlags(query: string): string {
  return [...new URLSearchParams(query)].map(([k, v]) => (v === "true" ? `--${k}` : `--${k} ${v}`)).join(" ");
}
