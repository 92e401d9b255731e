// Query parameters of the two PAT list endpoints (docs/github-api.md §1.0) and the filtering they
// imply. Filters scan; the unfiltered case returns the sorted index itself so paging stays cheap.
import { ALL_PERMISSION_NAMES, levelRank } from "../model/permissions.ts";
import { parsePaging, safeDecode, validationFailed, type Paging, type ValidationIssue } from "./http-util.ts";
import type { Behaviour, SimGrant, SimOrg, SimRequest } from "./types.ts";

export type ListFilter = {
  owners: Set<string> | null;
  /** Lower-cased repository name; matches "all" grants and "subset" grants that include it. */
  repository: string | null;
  permission: { name: string; rank: number } | null;
  lastUsedBefore: number | null;
  lastUsedAfter: number | null;
  tokenIds: Set<number> | null;
  descending: boolean;
  paging: Paging;
};

const KNOWN_PERMISSIONS = new Set(ALL_PERMISSION_NAMES);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Values of `name[]` and `name` keys, each possibly comma-joined (Octokit's default encoding). */
function arrayParam(query: URLSearchParams, name: string): string[] {
  const raw = [...query.getAll(`${name}[]`), ...query.getAll(name)];
  return raw
    .flatMap((v) => v.split(","))
    .map((v) => v.trim().replace(new RegExp(`^${name}(?:\\[\\])?=`), ""))
    .filter((v) => v !== "");
}

function parseDate(value: string, field: string, issues: ValidationIssue[]): number | null {
  // An unencoded "+" in an offset arrives as a space.
  const text = value.replace(" ", "+");
  const ms = DATE_TIME.test(text) ? Date.parse(/T.*(?:Z|[+-]\d{2}:?\d{2})$/.test(text) || !text.includes("T") ? text : `${text}Z`) : NaN;
  if (Number.isNaN(ms)) {
    issues.push({ field, message: `${field} must be an ISO 8601 date-time (YYYY-MM-DDTHH:MM:SSZ)`, value });
    return null;
  }
  return ms;
}

export function parseListQuery(args: { query: URLSearchParams; docs: string; resource: string }): ListFilter {
  const { query } = args;
  const issues: ValidationIssue[] = [];
  const owners = arrayParam(query, "owner");
  if (owners.length > 10) issues.push({ field: "owner", message: "owner can have at most 10 items", value: owners });
  const tokenIdsRaw = arrayParam(query, "token_id");
  if (tokenIdsRaw.length > 50) issues.push({ field: "token_id", message: "token_id can have at most 50 items", value: tokenIdsRaw });
  const badIds = tokenIdsRaw.filter((v) => !/^\d+$/.test(v));
  if (badIds.length > 0) issues.push({ field: "token_id", message: "token_id items must be integers", value: badIds });

  let permission: ListFilter["permission"] = null;
  const permissionRaw = query.get("permission");
  if (permissionRaw !== null) {
    const m = /^([a-z][a-z_]*)_(read|write|admin)$/.exec(permissionRaw);
    if (!m || !KNOWN_PERMISSIONS.has(m[1]!)) {
      issues.push({ field: "permission", message: "permission must be <permission>_<read|write|admin>, e.g. contents_write", value: permissionRaw });
    } else permission = { name: m[1]!, rank: levelRank(m[2]!) };
  }
  const before = query.get("last_used_before");
  const after = query.get("last_used_after");
  const lastUsedBefore = before === null ? null : parseDate(before, "last_used_before", issues);
  const lastUsedAfter = after === null ? null : parseDate(after, "last_used_after", issues);
  const sort = query.get("sort");
  if (sort !== null && sort !== "created_at") issues.push({ field: "sort", message: "sort must be created_at", value: sort });
  const direction = query.get("direction");
  if (direction !== null && direction !== "asc" && direction !== "desc") {
    issues.push({ field: "direction", message: "direction must be asc or desc", value: direction });
  }
  if (issues.length > 0) throw validationFailed({ docs: args.docs, resource: args.resource, issues });

  const repository = query.get("repository");
  return {
    owners: owners.length > 0 ? new Set(owners.map((o) => safeDecode(o).toLowerCase())) : null,
    repository: repository ? repository.toLowerCase() : null,
    permission,
    lastUsedBefore,
    lastUsedAfter,
    tokenIds: tokenIdsRaw.length > 0 ? new Set(tokenIdsRaw.map(Number)) : null,
    descending: direction !== "asc",
    paging: parsePaging(query),
  };
}

function hasPermission(t: SimGrant | SimRequest, wanted: { name: string; rank: number }, mode: Behaviour["permissionFilter"]): boolean {
  for (const map of [t.permissions.organization, t.permissions.repository, t.permissions.other]) {
    const level = map?.[wanted.name];
    if (level === undefined) continue;
    const rank = levelRank(level);
    if (mode === "exact" ? rank === wanted.rank : rank >= wanted.rank) return true;
  }
  return false;
}

function includesSorted(ids: number[], id: number): boolean {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] === id) return true;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export function applyListFilter<T extends SimGrant | SimRequest>(args: {
  org: SimOrg; items: readonly T[]; filter: ListFilter; loginOf: (userId: number) => string; behaviour: Behaviour;
}): readonly T[] {
  const { org, items, filter: f, loginOf, behaviour } = args;
  if (!f.owners && f.repository === null && !f.permission && f.lastUsedBefore === null && f.lastUsedAfter === null && !f.tokenIds) {
    return items;
  }
  const repo = f.repository === null ? null : (org.reposByName.get(f.repository) ?? null);
  return items.filter((t) => {
    if (f.owners && !f.owners.has(loginOf(t.ownerId).toLowerCase())) return false;
    if (f.repository !== null) {
      if (!repo) return false;
      if (t.repositorySelection === "none") return false;
      if (t.repositorySelection === "subset" && !includesSorted(t.repositoryIds, repo.id)) return false;
    }
    if (f.permission && !hasPermission(t, f.permission, behaviour.permissionFilter)) return false;
    // Never-used tokens have no last use to compare, so both date filters exclude them.
    if (f.lastUsedBefore !== null && (t.tokenLastUsedAt === null || t.tokenLastUsedAt >= f.lastUsedBefore)) return false;
    if (f.lastUsedAfter !== null && (t.tokenLastUsedAt === null || t.tokenLastUsedAt <= f.lastUsedAfter)) return false;
    if (f.tokenIds && !f.tokenIds.has(t.tokenId)) return false;
    return true;
  });
}
