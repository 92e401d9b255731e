// `patwarden orgs`: the enterprise roll-up, one line per installed org and a total, from the stored
// summaries (fast at any size; the "as of" says when they were counted).
//
// json is an array of orgs, as every list command's (the contract); the totals are a sum a script
// can take, so they come only when asked: `--totals` makes json `{ orgs: [...], total: {...} }` and
// csv end with a `(total)` row. The table always ends with its total line: it is for people.
import { CREDENTIAL_SOURCE_TEXT, type CredentialSourceStatus } from "../../model/credentials.ts";
import { plural } from "../../model/words.ts";
import type { CredentialCounts, OrgRollupRow, RollupTotal } from "../orgs/verbs.ts";
import { parseFlags, parseFormat } from "./args.ts";
import { EXIT, type Command } from "./context.ts";
import { isoOrNull, printRows, WIDE_FLAG, WIDE_HELP, type Column } from "./format.ts";

const HELP = `Usage: patwarden orgs [--format table|json|csv] [--totals] [--wide]

The enterprise roll-up: every org where the App is installed (active or suspended; what --org all
lists), with its installation, whether sync is paused, the last sync and its result, and its figures:
active grants, stale, high risk, owners who left (grants whose owner is no longer a member), SSO
credential authorizations (total, high risk, owner left, no expiry; "not available" where the org has
no SAML SSO on Enterprise Cloud), and pending requests.

The grant and credential figures are each org's stored summary, counted after every sync and write
(as_of says when; a summary older than 15 minutes is recounted in the background); pending requests
are counted now.

  --format table|json|csv   default table (with a total line; the three lower-case columns after
                            Credentials are its high risk, owner left and no expiry; Pending:
                            pending requests); json: an array of orgs
  --totals                  json: { "orgs": [...], "total": {...} }; csv: a last "(total)" row
${WIDE_HELP}
`;

const SOURCE_WORD: Record<CredentialSourceStatus, string> = {
  unknown: "not checked", available: "not counted yet", not_available: "not available", forbidden: "forbidden",
};

/** One line of the table/csv: an org, or the total (installation and sync fields empty). */
type Line = {
  org: string;
  row: OrgRollupRow | null;
  grants: number; stale: number; highRisk: number | null; ownerLeft: number; pendingRequests: number; asOf: Date;
  credentials: CredentialCounts | null;
  /** What the credentials cell says when there are no counts. */
  credentialsWord: string;
};

const orgLine = (r: OrgRollupRow): Line => ({ org: r.login, row: r, ...r, credentialsWord: SOURCE_WORD[r.credentialsStatus] });
const totalLine = (t: RollupTotal): Line => ({
  org: "(total)", row: null, ...t, credentials: t.credentialOrgs ? t.credentials : null, credentialsWord: "not available",
});

const installation = (r: OrgRollupRow) => r.installationStatus ?? "none";
/** "2026-12-05 ok", "… failed", "… running" (UTC day): "succeeded" would push the column out of 120. */
const lastSync = (r: OrgRollupRow) => (r.lastSync ? `${r.lastSync.startedAt.toISOString().slice(0, 10)} ${r.lastSync.status === "succeeded" ? "ok" : r.lastSync.status}` : "never");

function jsonOf(r: OrgRollupRow): Record<string, unknown> {
  return {
    org: r.login, installation: r.installationStatus, sync_paused: r.syncPaused,
    last_sync_at: isoOrNull(r.lastSync?.startedAt), last_sync_status: r.lastSync?.status ?? null, last_sync_kind: r.lastSync?.kind ?? null,
    as_of: isoOrNull(r.asOf), grants: r.grants, stale: r.stale, high_risk: r.highRisk, owner_left: r.ownerLeft,
    credentials_source: r.credentialsStatus, credentials: r.credentials?.total ?? null, credentials_high_risk: r.credentials?.highRisk ?? null,
    credentials_owner_left: r.credentials?.ownerLeft ?? null, credentials_no_expiry: r.credentials?.noExpiry ?? null,
    credentials_stale: r.credentials?.stale ?? null, pending_requests: r.pendingRequests,
  };
}

function totalJson(t: RollupTotal): Record<string, unknown> {
  return {
    orgs: t.orgs, as_of: isoOrNull(t.asOf), grants: t.grants, stale: t.stale, high_risk: t.highRisk, owner_left: t.ownerLeft,
    credential_orgs: t.credentialOrgs, credentials: t.credentials.total, credentials_high_risk: t.credentials.highRisk,
    credentials_owner_left: t.credentials.ownerLeft, credentials_no_expiry: t.credentials.noExpiry, credentials_stale: t.credentials.stale,
    pending_requests: t.pendingRequests,
  };
}

const CSV_COLUMNS: Column<Line>[] = [
  { header: "org", value: (l) => l.org },
  { header: "installation", value: (l) => (l.row ? installation(l.row) : "") },
  { header: "sync_paused", value: (l) => l.row?.syncPaused },
  { header: "last_sync_at", value: (l) => isoOrNull(l.row?.lastSync?.startedAt) },
  { header: "last_sync_status", value: (l) => l.row?.lastSync?.status },
  { header: "as_of", value: (l) => l.asOf.toISOString() },
  { header: "grants", value: (l) => l.grants },
  { header: "stale", value: (l) => l.stale },
  { header: "high_risk", value: (l) => l.highRisk },
  { header: "owner_left", value: (l) => l.ownerLeft },
  { header: "credentials_source", value: (l) => l.row?.credentialsStatus },
  { header: "credentials", value: (l) => l.credentials?.total },
  { header: "credentials_high_risk", value: (l) => l.credentials?.highRisk },
  { header: "credentials_owner_left", value: (l) => l.credentials?.ownerLeft },
  { header: "credentials_no_expiry", value: (l) => l.credentials?.noExpiry },
  { header: "credentials_stale", value: (l) => l.credentials?.stale },
  { header: "pending_requests", value: (l) => l.pendingRequests },
];

// Thirteen figures: at 120 columns (a pipe) the credentials' owner-left and no-expiry columns are
// the first left out (the printed note says so), then the last sync; --wide shows every column.
const TABLE_COLUMNS: Column<Line>[] = [
  { header: "Org", value: (l) => l.org },
  { header: "Installation", value: (l) => (l.row ? `${installation(l.row)}${l.row.syncPaused ? ", paused" : ""}` : "") },
  { header: "Last sync", value: (l) => (l.row ? lastSync(l.row) : ""), optional: true },
  { header: "Grants", value: (l) => l.grants },
  { header: "Stale", value: (l) => l.stale },
  { header: "High risk", value: (l) => l.highRisk ?? "" },
  { header: "Owner left", value: (l) => l.ownerLeft },
  { header: "Credentials", value: (l) => l.credentials?.total ?? l.credentialsWord },
  { header: "high risk", value: (l) => l.credentials?.highRisk },
  { header: "owner left", value: (l) => l.credentials?.ownerLeft, optional: true },
  { header: "no expiry", value: (l) => l.credentials?.noExpiry, optional: true },
  { header: "Pending", value: (l) => l.pendingRequests },
];

export const orgsCommand: Command = {
  name: "orgs",
  summary: "the enterprise roll-up: every installed org's grants, credentials, risk and last sync, and the total",
  usage: "patwarden orgs [--format table|json|csv] [--totals]",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: { format: { type: "string" }, totals: { type: "boolean" }, ...WIDE_FLAG } });
    const format = parseFormat(values.format);
    const { orgs, total } = await (await ctx.engine()).orgs.rollup({});
    if (format === "json") {
      const list = orgs.map(jsonOf);
      ctx.out(`${JSON.stringify(values.totals ? { orgs: list, total: totalJson(total) } : list, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = orgs.map(orgLine);
    if (format === "table" || values.totals) lines.push(totalLine(total));
    printRows(ctx, { format, wide: values.wide === true, rows: lines, json: () => null, columns: format === "csv" ? CSV_COLUMNS : TABLE_COLUMNS });
    if (format === "table") {
      ctx.err(orgs.length
        ? `${plural(orgs.length, "installed org")}; counts as of ${total.asOf.toISOString().slice(0, 16).replace("T", " ")} UTC at the oldest, pending requests now\n`
        : "no installed org: install the App on an org, then run `patwarden sync`\n");
      // Why an org has no credential figures, in the connection card's words.
      for (const r of orgs) if (r.credentialsStatus !== "available") ctx.err(`${r.login}: ${CREDENTIAL_SOURCE_TEXT[r.credentialsStatus]}\n`);
    }
    return EXIT.ok;
  },
};
