// What `patwarden policy` prints about credential rules: the rules in force, and a run's SSO
// credential items (or why the run skipped them, e.g. an org without SAML SSO).
import type { PolicyConfig, PolicyRunResult } from "../policies/index.ts";
import { describeCredentialRule } from "../policies/credential-rules.ts";
import { formatRows } from "./format.ts";
import { plural } from "../../model/words.ts";

const ROWS_SHOWN = 200;
const WORDS: Record<string, string> = { matched: "report only", notified: "notified", revoked: "revoked", skipped: "skipped", excepted: "excepted" };

export function describeCredentialRules(config: PolicyConfig): string[] {
  if (config.credentialRules.length === 0) return [];
  return [
    "Credential rules (SSO credential authorizations; skipped in orgs without SAML SSO):",
    ...config.credentialRules.map((r) => `  ${r.id.padEnd(20)} ${r.mode.padEnd(7)} ${describeCredentialRule(r)}${r.mode === "revoke" ? ` (grace ${r.graceDays} days)` : ""}${r.exceptions.length ? `, ${plural(r.exceptions.length, "exception")}` : ""}`),
  ];
}

export function describeCredentialRun(result: PolicyRunResult): string {
  const c = result.summary?.credentials;
  if (!c) return "";
  if (c.skippedReason) return `Credentials: ${c.skippedReason}.\n`;
  const items = result.credentialItems;
  const shown = items.slice(0, ROWS_SHOWN);
  const table = shown.length === 0 ? "No credential matches any credential rule.\n" : formatRows({
    format: "table", rows: shown, json: (r) => r,
    columns: [
      { header: "credential", value: (i) => i.credentialId }, { header: "owner", value: (i) => i.login }, { header: "kind", value: (i) => i.label },
      { header: "rule", value: (i) => i.rule }, { header: result.dryRun ? "would be" : "outcome", value: (i) => WORDS[i.outcome] ?? i.outcome }, { header: "why", value: (i) => i.detail },
    ],
  });
  const more = items.length > shown.length ? `… and ${plural(items.length - shown.length, "more row")} (--format json lists all)\n` : "";
  const o = c.outcomes;
  return `SSO credentials: ${plural(c.activeCredentials, "active credential")}, ${plural(items.length, "match", "matches")}: ${o.notified} notified, ${o.revoked} revoked, ${o.skipped} skipped, ${o.excepted} excepted, ${o.matched} report only.${c.cap ? ` Cap: ${c.cap.text}.` : ""}${result.credentialRevocationJobId ? ` Removal job ${result.credentialRevocationJobId}.` : ""}\n${table}${more}`;
}
