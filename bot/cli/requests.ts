// `patwarden requests --org LOGIN`: pending PAT requests (or any status) with their repositories.
import { REQUEST_STATUSES, type RequestStatus } from "../../model/statuses.ts";
import { InvalidInput } from "../../model/errors.ts";
import { decodeTimeKeyset } from "../../model/time-cursor.ts";
import { permissionLabels } from "../../model/permissions.ts";
import { parseFlags, parseFormat } from "./args.ts";
import { EXIT, type Command } from "./context.ts";
import { abbreviateList, isoOrNull, printRows, shortDate, shortPermissions, WIDE_FLAG, WIDE_HELP } from "./format.ts";
import { plural } from "../../model/words.ts";
import { describeScope, listAcrossOrgs, ORG_SCOPE_HELP, orgColumns, parseOrgFlag, refuseWithAllOrgs, resolveOrgScope, withOrgField } from "./org-scope.ts";

const STATUSES = [...REQUEST_STATUSES, "all"] as const;

const HELP = `Usage: patwarden requests --org LOGIN|all [--status ${STATUSES.join("|")}] [--limit N] [--after|--before CURSOR] [--format table|json|csv] [--wide]

Lists PAT requests waiting for review (pending, the default), oldest first, with the repositories
each asks for; any other status newest first. Requests are kept current by webhooks and by every sync.

${ORG_SCOPE_HELP}
  --limit N           (one org) the first N only (a page; a table's last line says how to get the next one)
  --after CURSOR      the requests created after this one's (later), read by keyset: in json each
                      request has its "cursor"; the pending queue's next page
  --before CURSOR     the requests created before this one's (earlier): the next page of --status all

${WIDE_HELP}
`;

export const requestsCommand: Command = {
  name: "requests",
  summary: "list an org's PAT requests (pending by default)",
  usage: "patwarden requests --org LOGIN",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: {
      org: { type: "string" }, status: { type: "string" }, format: { type: "string" }, limit: { type: "string" }, after: { type: "string" }, before: { type: "string" }, ...WIDE_FLAG,
    } });
    const format = parseFormat(values.format);
    const orgFlag = parseOrgFlag(values.org, "requests"); // a missing --org is named before anything opens
    const status = String(values.status ?? "pending").toLowerCase();
    if (!(STATUSES as readonly string[]).includes(status)) {
      throw new InvalidInput("--status", `expected one of ${STATUSES.join(", ")}, got ${JSON.stringify(values.status)}`);
    }
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000)) {
      throw new InvalidInput("--limit", `expected a whole number from 1 to 10000, got ${JSON.stringify(values.limit)}`);
    }
    // Checked before any call: a bad cursor is named by its flag (exit 2).
    const after = typeof values.after === "string" ? values.after : undefined;
    const before = typeof values.before === "string" ? values.before : undefined;
    refuseWithAllOrgs(orgFlag, { limit: values.limit, after, before });
    decodeTimeKeyset({ after, before, list: "requests", fields: { after: "--after", before: "--before" } });
    const engine = await ctx.engine();
    const scope = await resolveOrgScope({ engine, value: values.org, command: "requests" });
    // The list's next page: later requests for the pending queue (oldest first), earlier for the others.
    const forward = status === "pending" ? "--after" : "--before";
    const nextOf = (page: { newer: string | null; older: string | null }) => (status === "pending" ? page.newer : page.older);
    const lastPages: { newer: string | null; older: string | null }[] = [];
    // One page with --limit (one org); without it every request, page after page, org after org.
    const rows = await listAcrossOrgs(scope, async (org) => {
      const list = (cursor: { after?: string; before?: string }) =>
        engine.requests.list({ orgId: org.id, status: status as RequestStatus | "all", limit, ...cursor });
      let page = await list({ after, before });
      const orgRows = [...page.rows];
      while (limit === undefined && nextOf(page)) {
        page = await list(forward === "--after" ? { after: nextOf(page)! } : { before: nextOf(page)! });
        orgRows.push(...page.rows);
      }
      lastPages.push(page);
      return orgRows;
    });
    const next = limit === undefined || !lastPages[0] ? null : nextOf(lastPages[0]); // --limit: one org (refuseWithAllOrgs)
    const permissions = (r: (typeof rows)[number]) => permissionLabels(r.permissions);
    printRows(ctx, {
      format,
      wide: values.wide === true,
      rows,
      json: (r) => withOrgField(scope, r, {
        id: r.id,
        token_id: r.tokenId,
        name: r.tokenName,
        owner: r.ownerLogin,
        owner_id: r.ownerId,
        reason: r.reason,
        status: r.status,
        permissions: r.permissions,
        repository_selection: r.repositorySelection,
        repositories: r.repositories.map((repo) => repo.fullName),
        created_at: isoOrNull(r.createdAt),
        token_expires_at: isoOrNull(r.tokenExpiresAt),
        token_expired: r.tokenExpired,
        resolved_at: isoOrNull(r.resolvedAt),
        risk_score: r.risk.score,
        risk_reasons: r.risk.reasons.map((x) => x.text),
        cursor: r.cursor,
      }),
      columns: [
        ...orgColumns<(typeof rows)[number]>(scope, format),
        { header: format === "csv" ? "id" : "ID", value: (r) => r.id },
        { header: format === "csv" ? "owner" : "Owner", value: (r) => r.ownerLogin, shrink: true, minWidth: 20 },
        { header: format === "csv" ? "name" : "Token", value: (r) => r.tokenName, shrink: true, minWidth: 16 },
        { header: format === "csv" ? "status" : "Status", value: (r) => r.status },
        { header: format === "csv" ? "risk" : "Risk", value: (r) => r.risk.score },
        { header: format === "csv" ? "repositories" : "Repos", value: (r) => {
          if (r.repositorySelection !== "subset") return r.repositorySelection;
          const names = r.repositories.map((x) => x.name);
          if (!names.length) return String(r.repositoryCount ?? "");
          return format === "csv" ? names.join(" ") : abbreviateList(names);
        }, full: (r) => (r.repositorySelection === "subset" && r.repositories.length ? r.repositories.map((x) => x.name).join(", ") : undefined), shrink: true, minWidth: 20 },
        { header: format === "csv" ? "permissions" : "Permissions", value: (r) =>
          format === "csv" ? permissions(r).join(" ") : shortPermissions(permissions(r), 4),
          full: (r) => permissions(r).join(", "), shrink: true, minWidth: 24 },
        { header: format === "csv" ? "created_at" : "Requested", value: (r) => (format === "csv" ? isoOrNull(r.createdAt) : shortDate(r.createdAt)), optional: true },
        { header: format === "csv" ? "reason" : "Reason", value: (r) => r.reason, shrink: true, minWidth: 20 },
      ],
    });
    if (format === "table") {
      ctx.err(`${plural(rows.length, `${status === "all" ? "" : `${status} `}request`)} in ${describeScope(scope)}${next ? " on this page; more follow" : ""}\n`);
      if (next) ctx.err(`next page: the same command with ${forward} ${next}\n`);
    }
    return EXIT.ok;
  },
};
