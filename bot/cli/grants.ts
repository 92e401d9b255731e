// `patwarden grants --org LOGIN [filters]`: the inventory, filtered exactly like the dashboard.
import type { Engine } from "../engine.ts";
import type { GrantListRow } from "../grants/verbs.ts";
import type { Org } from "../orgs/verbs.ts";
import { grantFilterFlags, grantFilterHelp, MAX_PER_PAGE, parseGrantQuery, repositoryNote } from "../../model/grant-filter.ts";
import { ALL_PERMISSION_NAMES, permissionLabels } from "../../model/permissions.ts";
import { parseFlags, parseFormat, type FlagSpec } from "./args.ts";
import { EXIT, type Command } from "./context.ts";
import { isoOrNull, printRows, shortDate, shortPermissions, WIDE_FLAG, WIDE_HELP, type Column } from "./format.ts";
import { plural } from "../../model/words.ts";
import { InvalidInput } from "../../model/errors.ts";
import { describeScope, listAcrossOrgs, ORG_SCOPE_HELP, orgColumns, parseOrgFlag, refuseWithAllOrgs, resolveOrgScope, withOrgField } from "./org-scope.ts";

const FLAGS: FlagSpec = { org: { type: "string" }, format: { type: "string" }, ...grantFilterFlags({ sorting: true }), ...WIDE_FLAG };

/** `repositories`: null for every repository of the org. */
type Row = GrantListRow & { cursor: string; repositories: number | null; org: string };
type Query = ReturnType<typeof parseGrantQuery>;
type Listed = { rows: (GrantListRow & { cursor: string })[]; total: number; totalCapped: boolean; nextCursor: string | null };

/**
 * One org's grants: the page asked for, or every page walked by keyset (each page after the last
 * row of the one before), uncounted; the rows seen are then the total. One page may stop counting
 * at the browsing cap, and then says "at least".
 */
async function listOrgGrants({ engine, org, query, onePage }: { engine: Engine; org: Org; query: Query; onePage: boolean }): Promise<Listed> {
  const rows: Listed["rows"] = [];
  let listed: Omit<Listed, "rows"> = { total: 0, totalCapped: false, nextCursor: null };
  for (let after = query.after; ;) {
    const result = await engine.grants.list({
      orgId: org.id, filter: query.filter, sort: query.sort, direction: query.direction, page: onePage ? query.page : 1,
      perPage: onePage ? query.perPage : MAX_PER_PAGE, after, before: query.before, withCount: onePage, fieldStyle: "flag",
    });
    rows.push(...result.rows);
    listed = { total: result.total, totalCapped: result.totalCapped, nextCursor: result.nextCursor };
    if (onePage || !result.nextCursor) break;
    after = result.nextCursor;
  }
  return onePage ? { rows, ...listed } : { rows, total: rows.length, totalCapped: false, nextCursor: null };
}

const permissionList = (g: GrantListRow) => permissionLabels(g.permissions);

const HELP = `Usage: patwarden grants --org LOGIN|all [filters] [--format table|json|csv]

Lists the org's active PAT grants (all of them unless --page, --per-page, --after or --before is given).
The filters are the dashboard's URL parameters; several filters combine with AND; with --org all
they apply in every org, and the list is one (json: one array), ordered by org, then as sorted.

${ORG_SCOPE_HELP}
${grantFilterHelp()}
  --sort COLUMN               owner, name, last-used, expires, granted, selection, risk, id
                              (default granted; granted, last-used and risk sort descending)
  --direction asc|desc
  --page N, --per-page N      one page (per-page at most ${MAX_PER_PAGE})
  --after CURSOR              (one org) the page after this cursor: the next page, read by keyset, as fast
                              deep as on page 1 (a table's last line prints it; when a page is
                              asked for, each grant in json has its "cursor"); same filters,
                              sort and direction
  --before CURSOR             the page before this cursor (the first grant's)
  --format table|json|csv     default table
${WIDE_HELP}

Example: patwarden grants --org acme --stale-days 90 --permission contents:write --format json

Permission names: ${ALL_PERMISSION_NAMES.join(", ")}
`;

export const grantsCommand: Command = {
  name: "grants",
  summary: "list an org's PAT grants with filters (table, json, csv)",
  usage: "patwarden grants --org LOGIN [filters]",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: FLAGS });
    const format = parseFormat(values.format);
    // A missing --org, or paging with all, is named before anything opens (or a cursor is read).
    refuseWithAllOrgs(parseOrgFlag(values.org, "grants"), { page: values.page, "per-page": values["per-page"], after: values.after, before: values.before });
    const { org: _o, format: _f, help: _h, wide: _w, ...filters } = values;
    const query = parseGrantQuery({ input: filters, label: (k) => `--${k}`, strict: true });
    const engine = await ctx.engine();
    const scope = await resolveOrgScope({ engine, value: values.org, command: "grants" });
    const cursor = query.after ?? query.before;
    if (cursor !== undefined && values.page !== undefined) throw new InvalidInput("--page", `give --page or ${query.after ? "--after" : "--before"}, not both`);
    const onePage = values.page !== undefined || values["per-page"] !== undefined || cursor !== undefined;
    const lists: Listed[] = [];
    const unknownRepository: InvalidInput[] = [];
    const rows = await listAcrossOrgs(scope, async (org) => {
      try {
        const listed = await listOrgGrants({ engine, org, query, onePage });
        lists.push(listed);
        return listed.rows;
      } catch (error) {
        // --org all: a repository belongs to one org; an org with none by that name matches nothing.
        if (!scope.all || !(error instanceof InvalidInput) || error.field !== "--repository") throw error;
        unknownRepository.push(error);
        return [];
      }
    });
    if (unknownRepository[0] && unknownRepository.length === scope.orgs.length) throw unknownRepository[0];
    const total = lists.reduce((n, l) => n + l.total, 0);
    const totalCapped = lists.some((l) => l.totalCapped);
    const nextCursor = onePage ? lists[0]?.nextCursor ?? null : null; // one page: one org (refuseWithAllOrgs)
    const withCounts: Row[] = rows.map((g) => ({
      ...g,
      repositories: g.repositorySelection === "none" ? 0 : g.repositorySelection === "all" ? null : g.repositoryCount ?? 0,
    }));
    printRows(ctx, {
      format,
      wide: values.wide === true,
      rows: withCounts,
      json: (g) => withOrgField(scope, g, {
        ...(onePage ? { cursor: g.cursor } : {}),
        id: g.id,
        token_id: g.tokenId,
        name: g.tokenName,
        owner: g.ownerLogin,
        owner_id: g.ownerId,
        owner_is_member: g.ownerIsMember,
        permissions: g.permissions,
        repository_selection: g.repositorySelection,
        repository_count: g.repositories,
        access_granted_at: isoOrNull(g.accessGrantedAt),
        token_last_used_at: isoOrNull(g.tokenLastUsedAt),
        token_expires_at: isoOrNull(g.tokenExpiresAt),
        token_expired: g.tokenExpired,
        removed_at: isoOrNull(g.removedAt),
        removal_reason: g.removalReason,
        risk_score: g.riskScore,
        risk_reasons: g.riskReasons,
      }),
      columns: [...orgColumns<Row>(scope, format), ...(format === "csv" ? [
        { header: "id", value: (g) => g.id },
        { header: "token_id", value: (g) => g.tokenId },
        { header: "owner", value: (g) => g.ownerLogin },
        { header: "name", value: (g) => g.tokenName },
        { header: "repository_selection", value: (g) => g.repositorySelection },
        { header: "repository_count", value: (g) => g.repositories },
        { header: "permissions", value: (g) => permissionList(g).join(" ") },
        { header: "access_granted_at", value: (g) => isoOrNull(g.accessGrantedAt) },
        { header: "token_last_used_at", value: (g) => isoOrNull(g.tokenLastUsedAt) },
        { header: "token_expires_at", value: (g) => isoOrNull(g.tokenExpiresAt) },
        { header: "token_expired", value: (g) => g.tokenExpired },
        { header: "owner_is_member", value: (g) => g.ownerIsMember },
        { header: "risk_score", value: (g) => g.riskScore },
        { header: "risk_reasons", value: (g) => g.riskReasons.map((r) => `${r.code}:${r.points}`).join(" ") },
      ] satisfies Column<Row>[] : [
        { header: "ID", value: (g) => g.id },
        { header: "Token ID", value: (g) => g.tokenId, wideOnly: true },
        { header: "Owner", value: (g) => `${g.ownerLogin}${g.ownerIsMember === false ? " (left)" : ""}`, shrink: true, minWidth: 20 },
        { header: "Token", value: (g) => g.tokenName, shrink: true, minWidth: 16 },
        { header: "Risk", value: (g) => g.riskScore },
        { header: "Repos", value: (g) => (g.repositories === null ? "all" : g.repositories) },
        { header: "Permissions", value: (g) => shortPermissions(permissionList(g)), full: (g) => permissionList(g).join(", "), shrink: true, minWidth: 32 },
        { header: "Last used", value: (g) => shortDate(g.tokenLastUsedAt) || "never" },
        { header: "Expires", value: (g) => (g.expired ? "expired" : shortDate(g.tokenExpiresAt) || "never") },
        { header: "Granted", value: (g) => shortDate(g.accessGrantedAt), optional: true },
        { header: "Risk reasons", value: (g) => g.riskReasons.map((r) => r.code).join(", "), wideOnly: true },
      ] satisfies Column<Row>[])],
    });
    if (format === "table") ctx.err(`${rows.length.toLocaleString("en-US")} of ${totalCapped ? "at least " : ""}${plural(total, "matching grant")} in ${describeScope(scope)}\n`);
    // The next page, for a person at a terminal (a script reads the last grant's "cursor" in json).
    if (onePage && nextCursor && format === "table") ctx.err(`next page: the same command with --after ${nextCursor}${values.page !== undefined ? " instead of --page" : ""}\n`);
    const note = repositoryNote(query.filter);
    if (note) ctx.err(`note: ${note}\n`);
    return EXIT.ok;
  },
};
