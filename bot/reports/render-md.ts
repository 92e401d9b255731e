// The Markdown form of a report: summary, changes, findings per category (long lists cut with a
// count and a pointer to the CSV), revocations and request decisions.
import { queryAsFlags } from "./categories.ts";
import { renderCredentialMarkdown } from "./render-md-credentials.ts";
import { day, MARKDOWN_LIST_LIMIT, more, table } from "./md-table.ts";
import type { Finding, FindingCategory, FindingKey, ReportDocument } from "./document.ts";

export { MARKDOWN_LIST_LIMIT };

export const CATEGORY_TITLES: Record<FindingCategory, string> = {
  stale: "Stale",
  never_used: "Never used",
  expired: "Expired",
  expiring: "Expiring soon",
  no_expiry: "No expiry",
  long_expiry: "Long expiry",
  over_privileged: "Over-privileged",
  owner_left: "Owner left the org",
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function describeCategory(doc: ReportDocument, c: FindingCategory): string {
  const t = doc.thresholds;
  switch (c) {
    case "stale": return `not used for ${t.staleDays} days, or never used and granted more than ${t.staleDays} days ago`;
    case "never_used": return "never used";
    case "expired": return "the token has expired";
    case "expiring": return `expires within ${t.expiringDays} days`;
    case "no_expiry": return "the token never expires";
    case "long_expiry": return `expires more than ${t.longExpiryDays} days after it was granted`;
    case "over_privileged": return `holds ${t.forbiddenPermissions.join(", ") || "a forbidden permission"}, or all repositories with a write permission`;
    case "owner_left": return "the owner is no longer a member of the org";
  }
}

function findingRows(findings: Finding[]): string[] {
  return table(
    ["Grant", "Token", "Owner", "Repositories", "Last used", "Expires", "Risk"],
    findings.slice(0, MARKDOWN_LIST_LIMIT).map((f) => [
      f.grantId, f.tokenName, f.owner,
      f.repositorySelection === "subset" ? `${f.repositoryCount ?? "?"} selected` : f.repositorySelection,
      day(f.lastUsedAt) ?? "never", day(f.expiresAt) ?? "never", f.riskScore,
    ]),
  );
}

function keyRows(keys: FindingKey[]): string[] {
  return table(["Category", "Grant", "Token", "Owner"], keys.slice(0, MARKDOWN_LIST_LIMIT).map((k) => [CATEGORY_TITLES[k.category], k.grantId, k.tokenName, k.owner]));
}

export function renderMarkdown(doc: ReportDocument): string {
  const s = doc.summary;
  const out: string[] = [
    `# patwarden compliance report: ${doc.org.login}`,
    "",
    `Generated ${doc.generatedAt}; period ${doc.period.start ?? "(first report)"} → ${doc.period.end}. Schema version ${doc.schemaVersion}.`,
    "",
    "## Summary",
    "",
    ...table(["", "Count"], [
      ["Active grants", s.activeGrants],
      ["Pending requests", s.pendingRequests],
      ["Grants with at least one finding", s.grantsWithFindings],
      ...doc.categories.map((c) => [CATEGORY_TITLES[c.category], c.count]),
      ["Revocations in the period", s.revocations],
      ["Requests approved in the period", s.requestDecisions.approved],
      ["Requests denied in the period", s.requestDecisions.denied],
    ]),
    "",
    "## Changes since the previous report",
    "",
  ];
  if (!doc.changes) out.push("This is the first report for this org.");
  else {
    const c = doc.changes;
    out.push(`Compared with report ${c.previousReportId} (${c.previousGeneratedAt}): **${c.newFindings.length} new**, **${c.resolvedFindings.length} resolved** findings.`);
    if (c.newFindings.length) out.push("", "### New findings", "", ...keyRows(c.newFindings), ...more(c.newFindings.length, "new findings"));
    if (c.resolvedFindings.length) out.push("", "### Resolved findings", "", ...keyRows(c.resolvedFindings), ...more(c.resolvedFindings.length, "resolved findings"));
  }
  out.push("", "## Findings");
  for (const c of doc.categories) {
    const list = doc.findings.filter((f) => f.category === c.category);
    out.push("", `### ${CATEGORY_TITLES[c.category]} (${c.count})`, "", `${capitalize(describeCategory(doc, c.category))}. Reproduce: ${c.filters.map((q) => `\`patwarden grants --org ${doc.org.login} ${queryAsFlags(q)}\``).join(" plus ")}`);
    if (list.length) out.push("", ...findingRows(list), ...more(list.length, "grants"));
  }
  out.push(...renderCredentialMarkdown(doc));
  out.push("", `## Revocations (${doc.revocations.length})`, "");
  if (doc.revocations.length === 0) out.push("None in this period.");
  else {
    out.push(...table(["When", "Grant", "Token", "Owner", "By", "Reason", "Outcome"], doc.revocations.slice(0, MARKDOWN_LIST_LIMIT).map((r) => [
      r.at, r.grantId, r.tokenName, r.owner, r.by, r.reason, r.error ? `${r.outcome}: ${r.error}` : r.outcome,
    ])), ...more(doc.revocations.length, "revocations"));
  }
  out.push("", `## Request decisions (${doc.requestDecisions.length})`, "");
  if (doc.requestDecisions.length === 0) out.push("None in this period.");
  else {
    out.push(...table(["When", "Request", "Token", "Owner", "Decision", "By", "Reason"], doc.requestDecisions.slice(0, MARKDOWN_LIST_LIMIT).map((d) => [
      d.at, d.requestId, d.tokenName, d.owner, d.decision, d.via === "github" ? `${d.by} (on GitHub)` : d.by, d.reason,
    ])), ...more(doc.requestDecisions.length, "decisions"));
  }
  return `${out.join("\n")}\n`;
}
