// The Markdown report's SSO credential section: the source's state (an org without SAML SSO says
// "not available", never zero findings), findings per category, changes, and removals done.
import { CREDENTIAL_FINDING_CATEGORIES, type CredentialFindingCategory, type CredentialFindingKey, type ReportDocument } from "./document.ts";
import { cell, day, more, MARKDOWN_LIST_LIMIT, table } from "./md-table.ts";

export const CREDENTIAL_CATEGORY_TITLES: Record<CredentialFindingCategory, string> = {
  idle: "Idle",
  never_accessed: "Never accessed",
  no_expiry: "No expiry",
  broad_scopes: "Broad scopes",
  owner_left: "Owner left the org",
};

function describe(c: CredentialFindingCategory, t: NonNullable<ReportDocument["credentials"]>["thresholds"]): string {
  switch (c) {
    case "idle": return `Last accessed more than ${t.idleDays} days ago`;
    case "never_accessed": return "Never accessed since it was authorized for the org";
    case "no_expiry": return "A token that never expires (SSH keys cannot expire and are not counted)";
    case "broad_scopes": return `Holds ${t.broadScopes.join(", ")} (or a scope that includes one)`;
    case "owner_left": return "The owner is no longer a member of the org";
  }
}

const keyRows = (keys: CredentialFindingKey[]) =>
  table(["Category", "Credential", "Id", "Owner"], keys.slice(0, MARKDOWN_LIST_LIMIT).map((k) => [CREDENTIAL_CATEGORY_TITLES[k.category], k.label, k.credentialId, k.login]));

export function renderCredentialMarkdown(doc: ReportDocument): string[] {
  const s = doc.credentials;
  if (!s) return [];
  const out = ["", "## SSO credential authorizations", ""];
  if (!s.available || !s.counts) {
    out.push(`Not available: ${cell(s.note)}. No credential findings can be reported for this org (this is not a count of zero).`);
  } else {
    out.push(...table(["", "Count"], [
      ["Active credential authorizations", s.activeCredentials],
      ["Credentials with at least one finding", s.credentialsWithFindings],
      ...CREDENTIAL_FINDING_CATEGORIES.map((c) => [CREDENTIAL_CATEGORY_TITLES[c], s.counts![c]]),
      ["Removed by patwarden in the period", s.removals.length],
    ]));
    const changes = doc.changes?.credentials;
    if (changes) {
      out.push("", `Since report ${doc.changes!.previousReportId}: **${changes.newFindings.length} new**, **${changes.resolvedFindings.length} resolved** credential findings.`);
      if (changes.newFindings.length) out.push("", "### New credential findings", "", ...keyRows(changes.newFindings), ...more(changes.newFindings.length, "new findings"));
      if (changes.resolvedFindings.length) out.push("", "### Resolved credential findings", "", ...keyRows(changes.resolvedFindings), ...more(changes.resolvedFindings.length, "resolved findings"));
    }
    for (const c of CREDENTIAL_FINDING_CATEGORIES) {
      const list = s.findings.filter((f) => f.category === c);
      out.push("", `### Credentials: ${CREDENTIAL_CATEGORY_TITLES[c]} (${list.length})`, "", `${describe(c, s.thresholds)}.`);
      if (list.length) {
        out.push("", ...table(["Credential", "Id", "Owner", "Scopes", "Last accessed", "Expires", "Risk"], list.slice(0, MARKDOWN_LIST_LIMIT).map((f) => [
          f.label, f.credentialId, f.login, f.scopes.join(" "), day(f.accessedAt) ?? "never", day(f.expiresAt) ?? "never", f.riskScore,
        ])), ...more(list.length, "credentials"));
      }
    }
  }
  out.push("", `### Credential removals (${s.removals.length})`, "");
  if (s.removals.length === 0) out.push("None in this period.");
  else out.push(...table(["When", "Credential", "Id", "Owner"], s.removals.slice(0, MARKDOWN_LIST_LIMIT).map((r) => [r.removedAt, r.label, r.credentialId, r.login])), ...more(s.removals.length, "removals"));
  return out;
}
