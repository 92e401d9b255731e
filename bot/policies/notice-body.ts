// The text of an owner's warning issue and of the webhook message, rendered from warnings only
// (no timestamps of the run), so an unchanged situation renders the same bytes and costs no write.
import { createHash } from "node:crypto";
import { bodyMarker } from "../github/write-once.ts";
import { formatUtc } from "./plan.ts";
import { plural } from "../../model/words.ts";

export type NoticeEntry = { tokenName: string; grantId: number; rule: string; detail: string; revokeAfter: Date | null };
/** An SSO credential authorization (classic PAT, SSH key, OAuth or App token) under a credential rule. */
export type CredentialNoticeEntry = { label: string; credentialId: number; rule: string; detail: string; revokeAfter: Date | null };
export type RemovedCredential = { label: string; credentialId: number; rules: string[] };

export function noticeTitle({ org, entries, credentials = [] }: { org: string; entries: NoticeEntry[]; credentials?: CredentialNoticeEntry[] }): string {
  // Grant-only notices keep their first-stage title, so their stored hash still matches and costs no edit.
  const what = entries.length === 0 && credentials.length > 0 ? "credentials" : "personal access tokens";
  return [...entries, ...credentials].some((e) => e.revokeAfter)
    ? `patwarden: your ${what} in ${org} will be revoked`
    : `patwarden: your ${what} in ${org} break its token policy`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** Hidden in the issue's body, so a create whose answer was lost is found instead of repeated. */
export const noticeMarker = (org: string, owner: string) => bodyMarker("owner-notice", `${org}/${owner.toLowerCase()}`);

const happens = (e: { revokeAfter: Date | null }) => (e.revokeAfter ? `revoked after ${formatUtc(e.revokeAfter)}` : "notice only");

function credentialRows(credentials: CredentialNoticeEntry[]): string[] {
  if (credentials.length === 0) return [];
  const sorted = [...credentials].sort((a, b) => a.credentialId - b.credentialId || a.rule.localeCompare(b.rule));
  return [
    "SSO credential authorizations (classic PATs, SSH keys, OAuth and App tokens you authorized for the org's single sign-on);",
    "revoking one removes its authorization for this org only:",
    "",
    "| Credential | Credential id | Rule | Why | What happens |",
    "|---|---|---|---|---|",
    ...sorted.map((e) => `| ${cell(e.label)} | ${e.credentialId} | ${cell(e.rule)} | ${cell(e.detail)} | ${happens(e)} |`),
    "",
  ];
}

export function noticeBody({ org, owner, entries, credentials = [] }: { org: string; owner: string; entries: NoticeEntry[]; credentials?: CredentialNoticeEntry[] }): string {
  if (entries.length === 0 && credentials.length > 0) {
    return [
      `@${owner}, patwarden found credentials of yours in **${org}** that break the organization's token policy (\`.github/patwarden.yml\`).`,
      "",
      ...credentialRows(credentials),
      "A credential is revoked only after its date, and only if it still breaks the rule then. If you need one kept, ask an",
      "organization owner for an exception (with a reason and an end date) in the policy file. This issue is updated by patwarden and closed when nothing is pending.",
      "",
      noticeMarker(org, owner),
      "",
    ].join("\n");
  }
  if (entries.length === 0) {
    return `@${owner}, none of your personal access tokens in **${org}** breaks its token policy any more. Nothing will be revoked; this issue is closed.\n\n${noticeMarker(org, owner)}\n`;
  }
  const sorted = [...entries].sort((a, b) => a.grantId - b.grantId || a.rule.localeCompare(b.rule));
  const rows = sorted.map((e) =>
    `| ${cell(e.tokenName)} | ${e.grantId} | ${cell(e.rule)} | ${cell(e.detail)} | ${e.revokeAfter ? `revoked after ${formatUtc(e.revokeAfter)}` : "notice only"} |`);
  return [
    `@${owner}, patwarden found personal access tokens of yours in **${org}** that break the organization's token policy (\`.github/patwarden.yml\`).`,
    "",
    "| Token | Grant id | Rule | Why | What happens |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    ...credentialRows(credentials),
    "A token is revoked only after its date, and only if it still breaks the rule then: a token that is used again, or",
    "changed so it no longer matches, is left alone. If you need a token kept as it is, ask an organization owner for an",
    "exception (with a reason and an end date) in the policy file. This issue is updated by patwarden and closed when nothing is pending.",
    "",
    noticeMarker(org, owner),
    "",
  ].join("\n");
}

export function hashNotice(title: string, body: string): string {
  return createHash("sha256").update(`${title}\n${body}`).digest("hex");
}

/** A grant is revoked once, so its ids name the comment that announces it. */
export const revokedMarker = (entries: { grantId: number }[]) => bodyMarker("revoked", entries.map((e) => e.grantId).sort((a, b) => a - b).join(","));

export function revokedComment({ entries }: { entries: { tokenName: string; grantId: number; rules: string[] }[] }): string {
  const lines = [...entries].sort((a, b) => a.grantId - b.grantId).map((e) => `- ${e.tokenName} (grant ${e.grantId}): ${e.rules.join(", ")}`);
  return [`patwarden revoked ${entries.length === 1 ? "this token" : "these tokens"} after the grace period:`, ...lines, "", revokedMarker(entries), ""].join("\n");
}

/** Revoked SSO credentials are named by their ids, as grants are; one comment per removal. */
export const removedCredentialsMarker = (entries: { credentialId: number }[]) => bodyMarker("removed-credentials", entries.map((e) => e.credentialId).sort((a, b) => a - b).join(","));

export function removedCredentialsComment({ entries }: { entries: RemovedCredential[] }): string {
  const lines = [...entries].sort((a, b) => a.credentialId - b.credentialId).map((e) => `- ${e.label} (credential ${e.credentialId}): ${e.rules.join(", ")}`);
  return [`patwarden removed ${entries.length === 1 ? "this SSO credential authorization" : "these SSO credential authorizations"} after the grace period:`, ...lines, "", removedCredentialsMarker(entries), ""].join("\n");
}

/** A grant's warning carries grantId, a credential's credentialId. */
export type WebhookWarning = { owner: string; tokenName: string; grantId?: number; credentialId?: number; rule: string; detail: string; action: "warned" | "revoked"; revokeAfter: string | null };

/** Slack-compatible: `text` is what a Slack incoming webhook shows; the rest is for other receivers. */
export function webhookMessage({ org, warnings }: { org: string; warnings: WebhookWarning[] }): { text: string; org: string; warnings: WebhookWarning[] } {
  const warned = warnings.filter((w) => w.action === "warned");
  const revoked = warnings.filter((w) => w.action === "revoked");
  const parts = [
    warned.length ? `warned ${plural(new Set(warned.map((w) => w.owner)).size, "owner")} about ${plural(warned.length, "token")}` : "",
    revoked.length ? `revoked ${plural(revoked.length, "token")}` : "",
  ].filter(Boolean);
  const lines = warnings.slice(0, 20).map((w) => `• ${w.action} ${w.tokenName} (${w.credentialId !== undefined ? `credential ${w.credentialId}` : `grant ${w.grantId}`}, @${w.owner}): ${w.rule}, ${w.detail}${w.revokeAfter ? `, revocation after ${w.revokeAfter}` : ""}`);
  const more = warnings.length > 20 ? [`… and ${warnings.length - 20} more`] : [];
  return { text: [`patwarden policy in ${org}: ${parts.join(", ")}`, ...lines, ...more].join("\n"), org, warnings };
}
