// `patwarden report --org LOGIN [--format csv|json|md] [--out FILE] [--no-deliver] [--preview] [--list] [--id N]`:
// generate a compliance report now (stored, audited, delivered where configured), preview one
// (computed and printed, nothing stored), re-render a stored one, or list them. Exit 0 only when
// the report was stored and every delivery succeeded.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { InvalidInput } from "../../model/errors.ts";
import { REPORT_FORMATS, type ReportFormat } from "../reports/index.ts";
import type { ReportPolicyUsed } from "../reports/verbs.ts";
import { cliActor } from "./actor.ts";
import { parseFlags, type FlagSpec } from "./args.ts";
import { EXIT, type CliContext, type Command } from "./context.ts";
import { withTicker } from "./progress.ts";
import { formatRows, isoOrNull } from "./format.ts";
import { listAcrossOrgs, orgColumns, parseOrgFlag, resolveOrgScope, withOrgField } from "./org-scope.ts";

const FLAGS: FlagSpec = {
  org: { type: "string" }, format: { type: "string" }, out: { type: "string" },
  "no-deliver": { type: "boolean" }, list: { type: "boolean" }, id: { type: "string" },
  preview: { type: "boolean" }, "no-store": { type: "boolean" }, store: { type: "boolean" },
};

const HELP = `Usage: patwarden report --org LOGIN [--format md|csv|json] [--out FILE] [--no-deliver]
       patwarden report --org LOGIN --preview [--format md|csv|json] [--out FILE]  compute and print, store nothing
       patwarden report --org LOGIN --id N [--format md|csv|json] [--out FILE]   re-render a stored report
       patwarden report --org LOGIN|all --list [--format table|json]             list stored reports

Generates a compliance report now: summary counts, findings per category (stale, never used,
expired, expiring, no expiry, long expiry, over-privileged, owner left) each with the
\`patwarden grants\` filter that reproduces it, revocations and request decisions since the
previous report, and what changed since then. The report is stored (JSON document, schema in
docs/report-schema.md), and delivered as the policy file's reports.issue / reports.file say.
The policy file is read from GitHub first (the stored copy may predate a change); its sha is
printed. "Changes since the previous report" compare with the latest scheduled report (the weekly
series people receive), or the latest stored one when there is no scheduled report yet.

A report you only want to look at: --preview (alias --no-store) computes and prints it without
storing, auditing or delivering it, so it does not appear on the Reports page nor become the
next report's baseline. Without --preview the report is stored, as before (--store says so
explicitly).

  --format md|csv|json   md (default): for people; csv: one row per finding; json: the document
  --out FILE             write the report to FILE instead of standard output
  --no-deliver           store it, but do not create/update the issue or commit the file
  --preview, --no-store  compute and print only: nothing stored, audited or delivered
  --store                store it (the default; for scripts that want to say so)
  --id N                 print stored report N instead of generating one
  --list                 list stored reports, newest first; with --org all every installed org's
                         (active or suspended), each row with its "org"; --org @all: an org named all

Exit code 0 only when the report was stored and every configured delivery succeeded; 1 when a
delivery failed (the report is still stored; the error is printed); 2 for bad input.
`;

function parseReportFormat(value: unknown): ReportFormat {
  if (value === undefined) return "md";
  const v = String(value).toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(v)) throw new InvalidInput("--format", `expected one of ${REPORT_FORMATS.join(", ")}, got ${JSON.stringify(value)}`);
  return v as ReportFormat;
}

function parseId(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^\d+$/.test(value)) throw new InvalidInput("--id", `expected a report id (a whole number; see --list), got ${JSON.stringify(value)}`);
  return Number(value);
}

function emit(ctx: CliContext, text: string, out: string | undefined): void {
  if (!out) return ctx.out(text);
  writeFileSync(path.resolve(out), text);
  ctx.err(`Wrote ${path.resolve(out)}\n`);
}

export const reportCommand: Command = {
  name: "report",
  summary: "generate a compliance report (md, csv, json), list or re-render stored ones",
  usage: "patwarden report --org LOGIN [--format md|csv|json] [--out FILE] [--no-deliver] [--preview] [--list] [--id N]",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: FLAGS });
    const orgFlag = parseOrgFlag(values.org, "report");
    // A report is generated, stored and delivered per org; only the list of stored ones spans orgs.
    if (orgFlag.all && !values.list) throw new InvalidInput("--org", "all works with --list only; a report is generated for one org (--org LOGIN)");
    const id = parseId(values.id);
    const out = typeof values.out === "string" ? values.out : undefined;
    if (values.list && id !== undefined) throw new InvalidInput("--list", "cannot be combined with --id; pick one");
    const preview = Boolean(values.preview || values["no-store"]);
    if (preview && values.store) throw new InvalidInput("--store", "cannot be combined with --preview/--no-store; pick one");
    if (preview && (values.list || id !== undefined)) throw new InvalidInput(values.preview ? "--preview" : "--no-store", "computes a new report; it cannot be combined with --list or --id");
    const listFormat = values.list ? String(values.format ?? "table").toLowerCase() : undefined;
    if (listFormat && listFormat !== "table" && listFormat !== "json") throw new InvalidInput("--format", `expected table or json with --list, got ${JSON.stringify(values.format)}`);
    const format = values.list ? "md" : parseReportFormat(values.format);
    const engine = await ctx.engine();
    if (!ctx.bridged()) await engine.ops.migrate({ embeddedOnly: true });
    const scope = await resolveOrgScope({ engine, value: values.org, command: "report" });

    if (listFormat) {
      const rows = await listAcrossOrgs(scope, async (o) => (await engine.reports.list({ orgId: o.id, limit: 500 })).rows);
      emit(ctx, formatRows({
        format: listFormat === "json" ? "json" : "table",
        rows,
        json: (r) => withOrgField(scope, r, { id: r.id, generated_at: isoOrNull(r.generatedAt), period_start: isoOrNull(r.periodStart), trigger: r.trigger, requested_by: r.requestedBy, summary: r.summary, delivery: r.delivery }),
        columns: [
          ...orgColumns<(typeof rows)[number]>(scope, "table"),
          { header: "ID", value: (r) => r.id },
          { header: "Generated", value: (r) => isoOrNull(r.generatedAt) },
          { header: "Trigger", value: (r) => `${r.trigger} (${r.requestedBy})` },
          { header: "With findings", value: (r) => Number((r.summary as { grantsWithFindings?: number }).grantsWithFindings ?? 0) },
          { header: "Delivery", value: (r) => describeDelivery(r.delivery) },
        ],
      }), out);
      return EXIT.ok;
    }
    const org = scope.orgs[0]!;
    if (id !== undefined) {
      const stored = await engine.reports.download({ orgId: org.id, id, format });
      if (!stored) throw new InvalidInput("--id", `no report ${id} for ${org.login}; see \`patwarden report --org ${org.login} --list\``);
      emit(ctx, stored.body, out);
      return EXIT.ok;
    }
    if (preview) {
      const p = await withTicker(ctx, `${org.login}: building the preview`, () => engine.reports.preview({ orgId: org.id, format }));
      emit(ctx, p.body, out);
      ctx.err(`Preview for ${org.login} (not stored): ${p.summary.grantsWithFindings} of ${p.summary.activeGrants} active grants with findings${p.previousReportId !== null ? `; changes since report ${p.previousReportId}` : ""}. ${describePolicy(p.policy)}\n`);
      return EXIT.ok;
    }
    const { report, summary: s, delivery, body, policy } = await withTicker(ctx, `${org.login}: building the report`, () => engine.reports.generate({
      orgId: org.id, trigger: "cli", requestedBy: cliActor(), actorType: "cli", deliver: !values["no-deliver"], format,
    }));
    emit(ctx, body!, out);
    ctx.err(`Report ${report.id} for ${org.login}: ${s.grantsWithFindings} of ${s.activeGrants} active grants with findings.${delivery ? ` Delivery: ${describeDelivery(report.delivery)}` : ""} ${describePolicy(policy)}\n`);
    for (const e of delivery?.errors ?? []) ctx.err(`error: delivery failed: ${e}\n`);
    return delivery?.errors?.length ? EXIT.failed : EXIT.ok;
  },
};

function describePolicy(p: ReportPolicyUsed): string {
  const which = p.sha ? `policy file ${p.sha.slice(0, 7)}` : "no policy file (defaults)";
  if (p.from === "github") return `Used ${which}, read from GitHub now.`;
  return `Used the stored ${which}${p.refreshError ? ` (reading it from GitHub failed: ${p.refreshError})` : ""}.`;
}

function describeDelivery(d: Record<string, unknown>): string {
  const issue = d.issue as { number?: number; url?: string } | undefined;
  const file = d.file as { repository?: string; path?: string; commitSha?: string } | undefined;
  const errors = (d.errors as string[] | undefined) ?? [];
  const parts = [
    issue ? `issue #${issue.number} ${issue.url ?? ""}`.trim() : null,
    file ? `file ${file.repository}/${file.path} (commit ${String(file.commitSha ?? "").slice(0, 7)})` : null,
    errors.length ? `${errors.length} failed` : null,
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "none";
}
