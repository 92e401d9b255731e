// A report document in the three formats: CSV (one row per finding), JSON (the document itself),
// Markdown (for people and GitHub issues).
import { stringify } from "csv-stringify/sync";
import { REPORT_FORMATS, type ReportFormat } from "../../model/statuses.ts";
import { InvalidInput } from "../../model/errors.ts";
import type { CredentialFinding, Finding, ReportDocument } from "./document.ts";
import { renderMarkdown } from "./render-md.ts";

export { REPORT_FORMATS, type ReportFormat };

export const CSV_COLUMNS: { header: string; value: (f: Finding) => string | number | null }[] = [
  { header: "category", value: (f) => f.category },
  { header: "filter", value: (f) => f.filter },
  { header: "grant_id", value: (f) => f.grantId },
  { header: "token_id", value: (f) => f.tokenId },
  { header: "token_name", value: (f) => f.tokenName },
  { header: "owner", value: (f) => f.owner },
  { header: "owner_is_member", value: (f) => (f.ownerIsMember === null ? null : String(f.ownerIsMember)) },
  { header: "repository_selection", value: (f) => f.repositorySelection },
  { header: "repository_count", value: (f) => f.repositoryCount },
  { header: "permissions", value: (f) => f.permissions.join(" ") },
  { header: "last_used_at", value: (f) => f.lastUsedAt },
  { header: "expires_at", value: (f) => f.expiresAt },
  { header: "granted_at", value: (f) => f.grantedAt },
  { header: "risk_score", value: (f) => f.riskScore },
];

/**
 * Reports with a credential section add these columns after the grant ones; grant rows say
 * `subject` grant and leave the rest empty, credential rows fill the shared columns they have
 * (owner = login, last_used_at = accessed_at, expires_at, granted_at = authorized_at, risk_score).
 */
export const CSV_CREDENTIAL_COLUMNS = ["subject", "credential_id", "credential_type", "credential_label", "scopes"] as const;

function credentialRow(f: CredentialFinding): (string | number)[] {
  const shared: Record<string, string | number | null> = {
    category: `credential_${f.category}`, owner: f.login, owner_is_member: f.ownerIsMember === null ? null : String(f.ownerIsMember),
    last_used_at: f.accessedAt, expires_at: f.expiresAt, granted_at: f.authorizedAt, risk_score: f.riskScore,
  };
  return [
    ...CSV_COLUMNS.map((c) => shared[c.header] ?? ""),
    "credential", f.credentialId, f.credentialType, f.label, f.scopes.join(" "),
  ];
}

export function renderCsv(doc: ReportDocument): string {
  if (!doc.credentials) {
    return stringify([
      CSV_COLUMNS.map((c) => c.header),
      ...doc.findings.map((f) => CSV_COLUMNS.map((c) => c.value(f) ?? "")),
    ]);
  }
  return stringify([
    [...CSV_COLUMNS.map((c) => c.header), ...CSV_CREDENTIAL_COLUMNS],
    ...doc.findings.map((f) => [...CSV_COLUMNS.map((c) => c.value(f) ?? ""), "grant", "", "", "", ""]),
    ...doc.credentials.findings.map(credentialRow),
  ]);
}

export function renderReport(doc: ReportDocument, format: ReportFormat): string {
  switch (format) {
    case "csv":
      return renderCsv(doc);
    case "json":
      return `${JSON.stringify(doc, null, 2)}\n`;
    case "md":
      return renderMarkdown(doc);
    default:
      throw new InvalidInput("format", `expected one of ${REPORT_FORMATS.join(", ")}, got ${JSON.stringify(format)}`);
  }
}

/** File extension and MIME type for downloads. */
export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

/** Download name: `patwarden-report-acme-2026-03-01-r12.csv`. */
export function reportFileName({ login, generatedAt, id, format }: { login: string; generatedAt: Date | string; id: number; format: ReportFormat }): string {
  const day = (typeof generatedAt === "string" ? generatedAt : generatedAt.toISOString()).slice(0, 10);
  return `patwarden-report-${login.replace(/[^A-Za-z0-9-]/g, "_")}-${day}-r${id}.${format}`;
}
