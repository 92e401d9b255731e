// `patwarden credentials --org LOGIN|all [filters]`: the SSO credential authorizations (classic PATs,
// SSH keys, OAuth and App user tokens), filtered exactly like the dashboard's credentials page.
import type { Engine } from "../engine.ts";
import type { CredentialRow } from "../credentials/verbs.ts";
import type { Org } from "../orgs/verbs.ts";
import { CREDENTIAL_MAX_PER_PAGE, CREDENTIAL_SORT_COLUMNS, credentialFilterFlags, credentialFilterHelp, parseCredentialQuery, type CredentialQuery } from "../../model/credential-filter.ts";
import { CREDENTIAL_SOURCE_TEXT, credentialTypeLabel } from "../../model/credentials.ts";
import { scopeTier } from "../../model/credential-scopes.ts";
import { plural } from "../../model/words.ts";
import { parseFlags, parseFormat, type FlagSpec } from "./args.ts";
import { EXIT, type Command } from "./context.ts";
import { abbreviateList, printRows, shortDate, WIDE_FLAG, WIDE_HELP, type Column } from "./format.ts";
import { describeScope, listAcrossOrgs, ORG_SCOPE_HELP, orgColumns, parseOrgFlag, refuseWithAllOrgs, resolveOrgScope, withOrgField } from "./org-scope.ts";

const FLAGS: FlagSpec = { org: { type: "string" }, format: { type: "string" }, ...credentialFilterFlags(), ...WIDE_FLAG };

type Listed = CredentialRow & { cursor: string };
type Row = Listed & { org: string };
type OrgList = { rows: Listed[]; total: number; totalCapped: boolean; nextCursor: string | null };

const HELP = `Usage: patwarden credentials --org LOGIN|all [filters] [--format table|json|csv]

Lists the org's active SSO credential authorizations (GitHub Enterprise Cloud with SAML SSO):
classic PATs, SSH keys, OAuth app and GitHub App user tokens, every page unless --per-page,
--after or --before is given. The filters are the dashboard's URL parameters; they combine with AND.
An org whose authorizations GitHub does not serve (no SAML SSO, not Enterprise Cloud, or the App
lacks Administration: read) lists nothing and says why on stderr; that is not an error.

${ORG_SCOPE_HELP}
${credentialFilterHelp()}
  --sort COLUMN               ${CREDENTIAL_SORT_COLUMNS.join(", ")}
                              (default authorized; authorized, accessed and risk sort descending)
  --direction asc|desc
  --per-page N                one page (at most ${CREDENTIAL_MAX_PER_PAGE})
  --after CURSOR              (one org) the page after this cursor (a table's last line prints it; in
                              json each row of a page has its "cursor"); same filters and sort
  --before CURSOR             the page before this cursor (the first row's)
  --format table|json|csv     default table; json and csv use GitHub's field names for GitHub's data
${WIDE_HELP}

Example: patwarden credentials --org acme --type classic_pat --scope admin:org,delete_repo --no-expiry
`;

/** One org's credentials: the page asked for, or every page walked by keyset, uncounted (the rows seen are the total). */
async function listOrgCredentials({ engine, org, query, onePage }: { engine: Engine; org: Org; query: CredentialQuery; onePage: boolean }): Promise<OrgList> {
  const rows: Listed[] = [];
  let last: Omit<OrgList, "rows"> = { total: 0, totalCapped: false, nextCursor: null };
  for (let after = query.after; ;) {
    const page = await engine.credentials.list({
      orgId: org.id, filter: query.filter, sort: query.sort, direction: query.direction, perPage: onePage ? query.perPage : CREDENTIAL_MAX_PER_PAGE,
      after, before: query.before, withCount: onePage, fieldStyle: "flag",
    });
    rows.push(...page.rows);
    last = { total: page.total, totalCapped: page.totalCapped, nextCursor: page.nextCursor };
    if (onePage || !page.nextCursor) break;
    after = page.nextCursor;
  }
  return onePage ? { rows, ...last } : { rows, total: rows.length, totalCapped: false, nextCursor: null };
}

/** Broadest first (admin, write, read tiers of model/credential-scopes.ts), then by name. */
const TIER_ORDER = { admin: 0, write: 1, read: 2 } as const;
const byReach = (scopes: string[]) => [...scopes].sort((a, b) => TIER_ORDER[scopeTier(a)] - TIER_ORDER[scopeTier(b)] || a.localeCompare(b));

/** GitHub's time format (whole seconds, no milliseconds), so a row compares equal to GitHub's own. */
const githubTime = (d: Date | null) => (d ? d.toISOString().replace(/\.000Z$/, "Z") : null);

/** GitHub's fields under GitHub's names (github-pat-api.md §4.1), then ours. */
const toJson = (c: Listed, withCursor: boolean) => ({
  ...(withCursor ? { cursor: c.cursor } : {}),
  login: c.login,
  credential_id: c.credentialId,
  credential_type: c.credentialType,
  token_last_eight: c.tokenLastEight,
  scopes: c.scopes,
  fingerprint: c.fingerprint,
  credential_authorized_at: githubTime(c.authorizedAt),
  credential_accessed_at: githubTime(c.accessedAt),
  authorized_credential_id: c.authorizedCredentialId,
  authorized_credential_title: c.title,
  authorized_credential_note: c.note,
  authorized_credential_expires_at: githubTime(c.expiresAt),
  owner_is_member: c.ownerIsMember,
  risk_score: c.riskScore,
  risk_reasons: c.riskReasons,
  first_seen_at: githubTime(c.firstSeenAt),
  removed_at: githubTime(c.removedAt),
  removal_reason: c.removalReason,
});

const CSV: Column<Row>[] = [
  { header: "credential_id", value: (c) => c.credentialId },
  { header: "login", value: (c) => c.login },
  { header: "credential_type", value: (c) => c.credentialType },
  { header: "token_last_eight", value: (c) => c.tokenLastEight },
  { header: "fingerprint", value: (c) => c.fingerprint },
  { header: "scopes", value: (c) => c.scopes.join(" ") },
  { header: "credential_authorized_at", value: (c) => githubTime(c.authorizedAt) },
  { header: "credential_accessed_at", value: (c) => githubTime(c.accessedAt) },
  { header: "authorized_credential_id", value: (c) => c.authorizedCredentialId },
  { header: "authorized_credential_title", value: (c) => c.title },
  { header: "authorized_credential_note", value: (c) => c.note },
  { header: "authorized_credential_expires_at", value: (c) => githubTime(c.expiresAt) },
  { header: "owner_is_member", value: (c) => c.ownerIsMember },
  { header: "risk_score", value: (c) => c.riskScore },
  { header: "risk_reasons", value: (c) => c.riskReasons.map((r) => `${r.code}:${r.points}`).join(" ") },
  { header: "removed_at", value: (c) => githubTime(c.removedAt) },
  { header: "removal_reason", value: (c) => c.removalReason },
];

const TABLE: Column<Row>[] = [
  { header: "ID", value: (c) => c.credentialId },
  { header: "Type", value: (c) => credentialTypeLabel(c.credentialType) },
  { header: "Owner", value: (c) => `${c.login}${c.ownerIsMember === false ? " (left)" : ""}`, shrink: true, minWidth: 16 },
  { header: "Scopes", value: (c) => abbreviateList(byReach(c.scopes), 3) || "—", full: (c) => byReach(c.scopes).join(", "), shrink: true, minWidth: 20 },
  { header: "Key", value: (c) => c.tokenLastEight ? `…${c.tokenLastEight}` : c.fingerprint ?? "", shrink: true, minWidth: 12 },
  { header: "Accessed", value: (c) => shortDate(c.accessedAt) || "never" },
  { header: "Expires", value: (c) => (c.expired ? "expired" : shortDate(c.expiresAt) || "never") },
  { header: "Risk", value: (c) => c.riskScore },
  { header: "Title / note", value: (c) => c.title ?? c.note ?? "", wideOnly: true },
  { header: "Risk reasons", value: (c) => c.riskReasons.map((r) => r.code).join(", "), wideOnly: true },
];

export const credentialsCommand: Command = {
  name: "credentials",
  summary: "list an org's SSO credential authorizations: classic PATs, SSH keys, OAuth/App tokens (table, json, csv)",
  usage: "patwarden credentials --org LOGIN|all [filters]",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: FLAGS });
    const format = parseFormat(values.format);
    parseOrgFlag(values.org, "credentials"); // a missing --org is named before anything opens
    const { org: _o, format: _f, help: _h, wide: _w, ...filters } = values;
    const query = parseCredentialQuery({ input: filters, label: (k) => `--${k}`, strict: true });
    const engine = await ctx.engine();
    const scope = await resolveOrgScope({ engine, value: values.org, command: "credentials" });
    refuseWithAllOrgs(scope, { "per-page": values["per-page"], after: values.after, before: values.before });
    const onePage = values["per-page"] !== undefined || query.after !== undefined || query.before !== undefined;
    const lists: OrgList[] = [];
    const rows = await listAcrossOrgs(scope, async (org) => {
      // Not served by GitHub for this org: said, not an error; rows stored before it changed are not shown as current.
      if (org.credentialsStatus !== "available") {
        ctx.err(`${org.login}: ${CREDENTIAL_SOURCE_TEXT[org.credentialsStatus]}\n`);
        return [];
      }
      const listed = await listOrgCredentials({ engine, org, query, onePage });
      lists.push(listed);
      return listed.rows;
    });
    printRows(ctx, {
      format,
      wide: values.wide === true,
      rows,
      json: (c: Row) => withOrgField(scope, c, toJson(c, onePage)),
      columns: [...orgColumns<Row>(scope, format), ...(format === "csv" ? CSV : TABLE)],
    });
    if (format !== "table") return EXIT.ok;
    const total = lists.reduce((n, l) => n + l.total, 0);
    if (lists.length > 0) ctx.err(`${rows.length.toLocaleString("en-US")} of ${lists.some((l) => l.totalCapped) ? "at least " : ""}${plural(total, "matching credential")} in ${describeScope(scope)}\n`);
    const next = onePage ? lists[0]?.nextCursor : null; // one page: one org (refuseWithAllOrgs)
    if (next) ctx.err(`next page: the same command with --after ${next}\n`);
    return EXIT.ok;
  },
};
