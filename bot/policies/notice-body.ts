// The text of an owner's warning issue and of the webhook message, rendered from warnings only
// (no timestamps of the run), so an unchanged situation renders the same bytes and costs no write.
import { createHash } from "node:crypto";
import { bodyMarker } from "../github/write-once.ts";
import { formatUtc } from "./plan.ts";
import { plural } from "../../model/words.ts";

export type NoticeEntry = { tokenName: string; grantId: number; rule: string; detail: string; revokeAfter: Date | null };

export function noticeTitle({ org, entries }: { org: string; entries: NoticeEntry[] }): string {
  return entries.some((e) => e.revokeAfter)
    ? `patwarden: your personal access tokens in ${org} will be revoked`
    : `patwarden: your personal access tokens in ${org} break its token policy`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** Hidden in the issue's body, so a create whose answer was lost is found instead of repeated. */
export const noticeMarker = (org: string, owner: string) => bodyMarker("owner-notice", `${org}/${owner.toLowerCase()}`);

export function noticeBody({ org, owner, entries }: { org: string; owner: string; entries: NoticeEntry[] }): string {
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

export type WebhookWarning = { owner: string; tokenName: string; grantId: number; rule: string; detail: string; action: "warned" | "revoked"; revokeAfter: string | null };

/** Slack-compatible: `text` is what a Slack incoming webhook shows; the rest is for other receivers. */
export function webhookMessage({ org, warnings }: { org: string; warnings: WebhookWarning[] }): { text: string; org: string; warnings: WebhookWarning[] } {
  const warned = warnings.filter((w) => w.action === "warned");
  const revoked = warnings.filter((w) => w.action === "revoked");
  const parts = [
    warned.length ? `warned ${plural(new Set(warned.map((w) => w.owner)).size, "owner")} about ${plural(warned.length, "token")}` : "",
    revoked.length ? `revoked ${plural(revoked.length, "token")}` : "",
  ].filter(Boolean);
  const lines = warnings.slice(0, 20).map((w) => `• ${w.action} ${w.tokenName} (grant ${w.grantId}, @${w.owner}): ${w.rule}, ${w.detail}${w.revokeAfter ? `, revocation after ${w.revokeAfter}` : ""}`);
  const more = warnings.length > 20 ? [`… and ${warnings.length - 20} more`] : [];
  return { text: [`patwarden policy in ${org}: ${parts.join(", ")}`, ...lines, ...more].join("\n"), org, warnings };
}
