// What `patwarden policy` prints: the effective policy, a run (per rule, per grant), or a file check.
import type { EffectivePolicy, PolicyConfigError, PolicyRunResult } from "../policies/index.ts";
import { describeRule, formatUtc } from "../policies/index.ts";
import { formatRows } from "./format.ts";
import { describeCredentialRules, describeCredentialRun } from "./policy-credential-output.ts";
import { plural } from "../../model/words.ts";

const TABLE_ROWS_SHOWN = 200;

export function describePolicy(policy: EffectivePolicy): string {
  const where = `${policy.path} in the ${policy.repository} repository`;
  const head = policy.status === "default"
    ? `No ${where}: the safe defaults apply (every rule reports; nothing is notified or revoked).`
    : `${where} (sha ${policy.sha?.slice(0, 7) ?? "?"}, loaded ${policy.loadedAt ? formatUtc(policy.loadedAt) : "never"}): ${policy.status}`;
  if (policy.status === "invalid") return `${head}\n${describeErrors({ file: policy.path, errors: policy.errors })}Runs are skipped until the file is fixed.\n`;
  const { enforcement, notify } = policy.config;
  const lines = policy.config.rules.map((r) => `  ${r.id.padEnd(20)} ${r.mode.padEnd(7)} ${describeRule(r)}${r.mode === "revoke" ? ` (grace ${r.graceDays} days)` : ""}${r.exceptions.length ? `, ${plural(r.exceptions.length, "exception")}` : ""}`);
  return [
    head,
    `Guardrails: ${enforcement.stop ? "STOPPED (stop switch on: nothing is notified or revoked)" : `at most ${enforcement.maxRevocationsPerRun} revocations and ${enforcement.maxRevocationPercent}% of active grants per run`}`,
    `Owner warnings: ${notify.repository ? `issues in ${notify.repository}` : "no repository"}${notify.webhookUrl ? `, webhook ${new URL(notify.webhookUrl).host}` : ""}`,
    "Rules:",
    ...(lines.length ? lines : ["  (none)"]),
    ...(lines.length ? ["Rules match live tokens only: an expired grant is left out (nothing to act on), though the overview and `patwarden grants` count it."] : []),
    ...describeCredentialRules(policy.config),
    "",
  ].join("\n");
}

export function describeErrors({ file, errors }: { file: string; errors: PolicyConfigError[] }): string {
  return errors.map((e) => `${file}:${e.line ?? "?"}: ${e.field}: ${e.message}\n`).join("");
}

export function runJson(result: PolicyRunResult): unknown {
  return { ...result, evaluatedAt: result.evaluatedAt.toISOString() };
}

export function describeRun({ org, result }: { org: string; result: PolicyRunResult }): string {
  const title = `Policy run ${result.runId}${result.dryRun ? " (dry run: nothing was changed)" : ""} for ${org}, evaluated at ${formatUtc(result.evaluatedAt)}`;
  if (result.status === "skipped") return `${title}\nSkipped: ${result.skippedReason}\n`;
  const s = result.summary!;
  const perRule = formatRows({
    format: "table",
    rows: Object.entries(s.perRule),
    json: (r) => r,
    // "matched" is every match of the rule; the outcome columns split it ("report only" is the
    // outcome stored as matched); "expired" are grants the rule's condition selects that it skips.
    columns: [
      { header: "rule", value: ([id]) => id },
      { header: "matched", value: ([, c]) => OUTCOMES.reduce((n, [o]) => n + c[o], 0) },
      ...OUTCOMES.map(([o, header]) => ({ header, value: ([, c]: [string, Record<string, number>]) => c[o] })),
      { header: "expired (not matched)", value: ([id]) => s.expiredSkipped?.[id] ?? 0 },
    ],
  });
  const shown = [...result.items].sort((a, b) => rank(a.outcome) - rank(b.outcome) || a.grantId - b.grantId).slice(0, TABLE_ROWS_SHOWN);
  const items = shown.length === 0 ? "No grant matches any rule.\n" : formatRows({
    format: "table", rows: shown, json: (r) => r,
    columns: [
      { header: "grant", value: (i) => i.grantId }, { header: "owner", value: (i) => i.ownerLogin }, { header: "token", value: (i) => i.tokenName },
      { header: "rule", value: (i) => i.rule }, { header: result.dryRun ? "would be" : "outcome", value: (i) => OUTCOME_WORDS.get(i.outcome) ?? i.outcome }, { header: "why", value: (i) => i.detail },
    ],
  });
  const more = result.items.length > shown.length ? `… and ${plural(result.items.length - shown.length, "more row")} (--format json lists all)\n` : "";
  const verb = result.dryRun ? "would be" : "were";
  const footer = [
    result.dryRun
      ? `${plural(s.activeGrants, "active grant")}, ${plural(result.items.length, "match", "matches")}; a run would warn the owners of ${plural(s.outcomes.notified, "grant")} and revoke ${s.outcomes.revoked}; ${s.outcomes.skipped} would be skipped, ${s.outcomes.excepted} are excepted, ${s.outcomes.matched} report only.`
      : `${plural(s.activeGrants, "active grant")}, ${plural(result.items.length, "match", "matches")}: ${s.outcomes.notified} notified, ${s.outcomes.revoked} revoked, ${s.outcomes.skipped} skipped, ${s.outcomes.excepted} excepted, ${s.outcomes.matched} report only.`,
    ...expiredNote(s.expiredSkipped),
    `Warnings ${verb} opened: ${s.warnings.opened}, resolved: ${s.warnings.resolved}.${s.stopped ? " The stop switch is on." : ""} Cap: ${s.cap.text}.`,
    ...(result.dryRun ? [] : [`Owner issues: ${s.notices.created} created, ${s.notices.updated} updated, ${s.notices.closed} closed, ${s.notices.unchanged} unchanged.${result.revocationJobId ? ` Revocation job ${result.revocationJobId}.` : ""}`]),
    ...result.errors.map((e) => `error: ${e}`),
  ];
  return `${title}\n${perRule}${items}${more}${describeCredentialRun(result)}${footer.join("\n")}\n`;
}

const OUTCOMES = [["matched", "report only"], ["notified", "notified"], ["revoked", "revoked"], ["skipped", "skipped"], ["excepted", "excepted"]] as const;
const OUTCOME_WORDS = new Map<string, string>(OUTCOMES);

/** Rules act on live tokens only; say how many expired grants they left out, so the counts add up to the overview's. */
function expiredNote(skipped: Record<string, number> | undefined): string[] {
  const rules = Object.entries(skipped ?? {}).filter(([, n]) => n > 0);
  if (rules.length === 0) return [];
  return [`Expired grants are not matched (nothing to act on): ${rules.map(([id, n]) => `${id} ${n}`).join(", ")}; the overview and \`patwarden grants\` count them.`];
}

const ORDER = ["revoked", "notified", "skipped", "excepted", "matched"];
const rank = (o: string) => ORDER.indexOf(o);
