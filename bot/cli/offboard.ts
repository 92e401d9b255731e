// `patwarden offboard LOGIN [--orgs a,b | --all-orgs] (--dry-run | --reason TEXT [--yes])`: revokes
// every active grant the person owns and removes every SSO credential authorization they hold, in
// each chosen org, as one resumable offboarding (per-org revocation jobs); `--job ID` resumes one.
import type { Engine } from "../engine.ts";
import type { OffboardingPreview, OffboardingView } from "../offboard/verbs.ts";
import { InvalidInput } from "../../model/errors.ts";
import { plural } from "../../model/words.ts";
import { cliActor } from "./actor.ts";
import { parseFlags, parseFormat, type OutputFormat } from "./args.ts";
import { EXIT, type CliContext, type Command } from "./context.ts";
import { formatRows } from "./format.ts";
import { count, progressOf } from "./progress.ts";
import { asFlagError, reasonFlag, wholeNumberFlag } from "./revoke-flags.ts";

const HELP = `Usage: patwarden offboard LOGIN [--orgs ORG[,ORG…] | --all-orgs] (--dry-run | --reason TEXT [--yes]) [--format table|json]
       patwarden offboard --job ID          resume an unfinished offboarding, or show a finished one

Revokes every active fine-grained grant LOGIN owns (bulk calls of ≤ 100) and removes every SSO
credential authorization they hold (one DELETE each), in each chosen org: one offboarding, one
revocation job per org, audited item by item, resumable after a crash (run --job ID again, or
start the server). Orgs whose SSO credentials are not available have no credential part (the
preview says so).

  --orgs ORG[,ORG…]   the organizations (default, and --all-orgs: every installed one)
  --dry-run           show per org: grants, credentials, removal calls and look-ups; changes nothing
  --reason TEXT       why (1–1024 characters); recorded in the audit log with every item
  --yes               do not ask; without it, above 25 items the login must be typed at the terminal
  --job ID            resume or show offboarding ID

Exit code 0 only when every item ended removed or already gone; 1 otherwise; 2 for bad input or no confirmation.
Example: patwarden offboard octocat --all-orgs --dry-run
`;

const FLAGS = {
  orgs: { type: "string" }, "all-orgs": { type: "boolean" }, "dry-run": { type: "boolean" }, reason: { type: "string" },
  yes: { type: "boolean" }, format: { type: "string" }, job: { type: "string" },
} as const;

export const offboardCommand: Command = {
  name: "offboard",
  summary: "offboard a person: revoke their grants and remove their SSO credentials in every org (with --dry-run)",
  usage: "patwarden offboard LOGIN [--orgs a,b | --all-orgs] (--dry-run | --reason TEXT [--yes])",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values, positionals } = parseFlags({ args, options: FLAGS, positionals: 1 });
    const format = parseFormat(values.format);
    if (format === "csv") throw new InvalidInput("--format", "expected table or json");
    const jobId = wholeNumberFlag(values, "job");
    const login = positionals[0];
    if (jobId === undefined && !login) throw new InvalidInput("LOGIN", "give the login to offboard (or --job ID to resume one)");
    if (values.orgs !== undefined && values["all-orgs"]) throw new InvalidInput("--orgs", "cannot be combined with --all-orgs; use one");
    const orgs = typeof values.orgs === "string" ? values.orgs.split(",").map((o) => o.trim()).filter(Boolean) : undefined;
    if (orgs && orgs.length === 0) throw new InvalidInput("--orgs", "is empty; name at least one organization");
    const reason = jobId === undefined && !values["dry-run"] ? reasonFlag(values) : "";
    const engine = await ctx.engine();
    if (!ctx.bridged()) await engine.ops.migrate({ embeddedOnly: true });
    if (jobId !== undefined) return run({ ctx, engine, id: jobId, format });

    const preview = await engine.offboarding.preview({ login: login!, orgs }).catch(asFlagError);
    if (values["dry-run"]) {
      ctx.out(format === "json" ? `${JSON.stringify(previewJson(preview), null, 2)}\n` : describePreview(preview));
      return preview.orgs.some((o) => o.overlapping.length) ? EXIT.badInput : EXIT.ok;
    }
    if (preview.totals.items === 0) {
      ctx.err(describePreview(preview));
      ctx.err(`error: LOGIN: ${preview.login} holds nothing to remove; nothing was done\n`);
      return EXIT.badInput;
    }
    let expectItems: number | undefined;
    if (!values.yes) {
      ctx.err(describePreview(preview));
      if (!ctx.ask) {
        ctx.err(`error: --yes: nobody at a terminal to confirm; re-run with --yes to offboard ${preview.login} (or --dry-run to only look)\n`);
        return EXIT.badInput;
      }
      if (preview.confirmLogin) {
        const typed = await ctx.ask(`Type the login (${preview.login}) to remove ${plural(preview.totals.items, "item")}: `);
        if (typed.trim().toLowerCase() !== preview.login.toLowerCase()) {
          ctx.err("error: --yes: the login did not match; nothing was removed\n");
          return EXIT.badInput;
        }
      } else if (!/^y(es)?$/i.test((await ctx.ask(`Remove ${plural(preview.totals.items, "item")} of ${preview.login}? [y/N] `)).trim())) {
        ctx.err("error: --yes: not confirmed; nothing was removed\n");
        return EXIT.badInput;
      }
      expectItems = preview.totals.items;
    }
    const { offboarding, runnerId } = await engine.offboarding.create({
      login: login!, orgs, reason, actor: cliActor(), actorType: "cli", confirmation: preview.login, expectItems,
    }).catch(asFlagError);
    ctx.err(`Offboarding ${offboarding.id} of ${offboarding.login}: ${plural(offboarding.total, "item")} in ${plural(offboarding.parts.length, "org")}…\n`);
    return run({ ctx, engine, id: offboarding.id, format, runnerId });
  },
};

async function run({ ctx, engine, id, format, runnerId }: { ctx: CliContext; engine: Engine; id: number; format: OutputFormat; runnerId?: string }): Promise<number> {
  const progress = progressOf(ctx);
  if (ctx.bridged()) progress.tick((s) => `offboarding ${id} running… ${s} s`);
  const view = await engine.offboarding.run({ id, runnerId }, {
    signal: ctx.signal,
    onProgress: (v) => progress.update(`${v.orgLogin}: ${count(v.done)} of ${count(v.total)} (${count(v.counts.revoked)} removed, ${count(v.counts.alreadyGone)} already gone, ${count(v.counts.failed)} failed)…`),
  }).catch(asFlagError).finally(() => progress.done());
  ctx.out(format === "json" ? `${JSON.stringify(viewJson(view), null, 2)}\n` : describeView(view));
  if (view.status === "running" || view.status === "queued") ctx.err(`Not finished: run \`patwarden offboard --job ${view.id}\` to resume it (a running server resumes it too).\n`);
  return view.status === "succeeded" ? EXIT.ok : EXIT.failed;
}

export function previewJson(p: OffboardingPreview) {
  return {
    login: p.login, totals: p.totals, confirm_login: p.confirmLogin,
    orgs: p.orgs.map((o) => ({
      org: o.org.login, grants: o.grants, credentials: o.credentials, calls: o.calls, lookups: o.lookups, credentials_status: o.credentialsStatus,
      credentials_note: o.credentialsNote, overlapping_jobs: o.overlapping.map((j) => j.id),
    })),
  };
}

function describePreview(p: OffboardingPreview): string {
  const table = formatRows({
    format: "table", rows: p.orgs, json: (o) => o,
    columns: [
      { header: "Org", value: (o) => o.org.login },
      { header: "Grants", value: (o) => o.grants },
      { header: "Credentials", value: (o) => (o.credentialsNote ? "—" : o.credentials) },
      { header: "Removal calls", value: (o) => o.calls },
      { header: "Look-ups", value: (o) => o.lookups },
      { header: "Note", value: (o) => [o.credentialsNote, o.overlapping.length ? `held by revocation job ${o.overlapping.map((j) => j.id).join(", ")}` : null].filter(Boolean).join("; ") },
    ],
  });
  const t = p.totals;
  return `${table}Would offboard ${p.login}: ${plural(t.grants, "grant")} and ${plural(t.credentials, "SSO credential authorization")} in ${plural(p.orgs.length, "org")}, ${plural(t.calls, "removal call")} (and ${plural(t.lookups, "look-up")} first: which grants GitHub still lists).\n`;
}

function viewJson(v: OffboardingView) {
  return {
    id: v.id, login: v.login, status: v.status, reason: v.reason, requested_by: v.requestedBy, created_at: v.createdAt.toISOString(), orgs: v.orgs,
    total: v.total, removed: v.counts.revoked, already_gone: v.counts.alreadyGone, failed: v.counts.failed, pending: v.counts.pending + v.counts.inFlight,
    parts: v.parts.map((p) => ({ org: p.orgLogin, job: p.id, status: p.status, total: p.total, removed: p.counts.revoked, already_gone: p.counts.alreadyGone, failed: p.counts.failed, pending: p.counts.pending + p.counts.inFlight, last_error: p.lastError })),
  };
}

function describeView(v: OffboardingView): string {
  const lines = v.parts.map((p) => `  ${p.orgLogin}: revocation job ${p.id} ${p.status}: ${p.counts.revoked} removed, ${p.counts.alreadyGone} already gone, ${p.counts.failed} failed${p.counts.pending + p.counts.inFlight ? `, ${p.counts.pending + p.counts.inFlight} not finished` : ""} of ${p.total}${p.lastError ? ` (${p.lastError})` : ""}`);
  return `Offboarding ${v.id} of ${v.login} ${v.status}: ${v.counts.revoked} removed, ${v.counts.alreadyGone} already gone, ${v.counts.failed} failed of ${v.total}\n${lines.join("\n")}\n`;
}
