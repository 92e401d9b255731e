// `patwarden revoke --org LOGIN (--ids … | <grants filters>) --reason TEXT [--yes] [--dry-run]`:
// the same engine as the dashboard's bulk revoke. Without --yes it shows the preview and asks for
// the org's name at the terminal (refusing when there is none); --job resumes or shows a job.
import { DEFAULT_MAX_REVOCATION_GRANTS } from "../revoke/index.ts";
import { overlapError } from "../revoke/overlap.ts";
import type { Engine } from "../engine.ts";
import { cliActor } from "./actor.ts";
import { parseFlags, parseFormat, requireOrgFlag } from "./args.ts";
import { EXIT, type CliContext, type Command } from "./context.ts";
import { plural } from "../../model/words.ts";
import { count, progressOf } from "./progress.ts";
import { asFlagError, parseTarget, reasonFlag, REVOKE_FLAGS, wholeNumberFlag } from "./revoke-flags.ts";
import { describeJob, describePreview, formatOutcomes, previewJson } from "./revoke-output.ts";
import { allCredentialItems, createCredentialJob, formatCredentialOutcomes } from "./revoke-credentials.ts";
import { InvalidInput } from "../../model/errors.ts";

const HELP = `Usage: patwarden revoke --org LOGIN (--ids ID[,ID…] | FILTERS) --reason TEXT [--yes] [--dry-run] [--format table|json|csv]
       patwarden revoke --org LOGIN --credentials --credential-ids ID[,ID…] (--dry-run | --reason TEXT [--yes])
       patwarden revoke --org LOGIN --job ID          resume an unfinished job, or show a finished one

Revokes the org's PAT grants with GitHub's bulk call (update_pat_accesses), at most 100 grants
a call, one call at a time, as a job that survives a crash: run the same --job again (or start
the server) to finish it; nothing is ever revoked twice or outside the selection.

  --ids ID[,ID…]      grant ids (the "id" column of \`patwarden grants\`), repeatable
  FILTERS             every active grant matching the \`patwarden grants\` filters, e.g.
                      --stale-days 90, --owner-left, --permission administration:write, --state active (all)
  --reason TEXT       why (1–1024 characters); recorded in the audit log with every grant
  --dry-run           show what would be revoked (count, owners, a sample); changes nothing
  --yes               do not ask; without it the org name must be typed at the terminal
  --max N             refuse selections over N grants (default ${DEFAULT_MAX_REVOCATION_GRANTS})
  --expect-count N    refuse when the selection no longer matches exactly N grants
  --credentials       remove SSO credential authorizations (classic PATs, SSH keys, OAuth and App
                      tokens; Enterprise Cloud with SAML SSO) instead of grants: one DELETE each
  --credential-ids ID[,ID…]  the authorizations (the "id" column of \`patwarden credentials\`)

Exit code 0 only when every grant ended revoked or already gone; 1 otherwise; 2 for bad input or no confirmation.
Example: patwarden revoke --org acme --stale-days 90 --reason "unused for 90 days" --dry-run
`;

export const revokeCommand: Command = {
  name: "revoke",
  summary: "revoke grants by id or by filter, in resumable batches of ≤100, or remove SSO credential authorizations (with --dry-run)",
  usage: "patwarden revoke --org LOGIN (--ids … | FILTERS) --reason TEXT [--yes] [--dry-run]",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: REVOKE_FLAGS });
    const format = parseFormat(values.format);
    const login = requireOrgFlag(values.org, "revoke");
    const jobId = wholeNumberFlag(values, "job");
    if (values.credentials && (values.ids || jobId !== undefined)) throw new InvalidInput("--credentials", "takes --credential-ids, not --ids or --job (--job alone resumes any job)");
    if (values["credential-ids"] && !values.credentials) throw new InvalidInput("--credential-ids", "needs --credentials");
    const target = jobId === undefined && !values.credentials ? parseTarget(values) : undefined;
    const maxGrants = wholeNumberFlag(values, "max") ?? DEFAULT_MAX_REVOCATION_GRANTS;
    // Before any question is asked: a missing reason must not cost the person their confirmation.
    const reason = target && !values["dry-run"] ? reasonFlag(values) : "";
    const engine = await ctx.engine();
    // Embedded storage opened here is self-contained: no separate migrate step (a server migrated its own).
    if (!ctx.bridged()) await engine.ops.migrate({ embeddedOnly: true });
    const org = await engine.orgs.resolve({ login, field: "--org" });
    if (values.credentials) {
      const created = await createCredentialJob({ ctx, engine, values, org, format });
      return typeof created === "number" ? created : runJob({ ctx, engine, jobId: created.jobId, orgId: org.id, format, runnerId: created.runnerId });
    }
    if (!target) return runJob({ ctx, engine, jobId: jobId!, orgId: org.id, format });

    // The preview and the question happen here, whichever process holds the engine: a server has no terminal.
    const preview = await engine.revocations.preview({ orgId: org.id, target, maxGrants }).catch(asFlagError);
    if (values["dry-run"]) {
      ctx.out(format === "json" ? `${JSON.stringify(previewJson(preview), null, 2)}\n` : describePreview(previewJson(preview)));
      const problem = preview.unknown.length || preview.duplicates.length || preview.alreadyRemoved.length || preview.tooMany || preview.overlapping.length;
      return problem ? EXIT.badInput : EXIT.ok;
    }
    // Before the question: another job already holding these grants would refuse the new one anyway.
    if (preview.overlapping.length) asFlagError(overlapError({ login: org.login, overlapping: preview.overlapping, selected: preview.count }));
    let expectCount = wholeNumberFlag(values, "expect-count");
    if (!values.yes) {
      ctx.err(describePreview(previewJson(preview)));
      if (!ctx.ask) {
        ctx.err(`error: --yes: nobody at a terminal to confirm; re-run with --yes to revoke these ${plural(preview.count, "grant")} (or --dry-run to only look)\n`);
        return EXIT.badInput;
      }
      const typed = await ctx.ask(`Type the organization name (${org.login}) to revoke ${plural(preview.count, "grant")}: `);
      if (typed.trim().toLowerCase() !== org.login.toLowerCase()) {
        ctx.err("error: --yes: the name did not match; nothing was revoked\n");
        return EXIT.badInput;
      }
      expectCount ??= preview.count;
    }
    const { job, runnerId } = await engine.revocations.create({
      orgId: org.id, target, reason, actor: cliActor(), actorType: "cli", confirmation: org.login, expectCount, maxGrants,
    }).catch(asFlagError);
    ctx.err(`Revocation job ${job.id}: ${plural(job.total, "grant")} in ${plural(job.batches, "batch", "batches")}…\n`);
    return runJob({ ctx, engine, jobId: job.id, orgId: org.id, format, runnerId });
  },
};

/** Runs (or resumes) the job where the engine is, then prints every grant's outcome. */
async function runJob({ ctx, engine, jobId, orgId, format, runnerId }: {
  ctx: CliContext; engine: Engine; jobId: number; orgId: number; format: ReturnType<typeof parseFormat>; runnerId?: string;
}): Promise<number> {
  // Progress reaches a terminal only when the engine runs here (a bridged run answers at the end).
  const progress = progressOf(ctx);
  if (ctx.bridged()) progress.tick((s) => `revocation job ${jobId} running… ${s} s`);
  const job = await engine.revocations.run({ orgId, jobId, runnerId }, {
    signal: ctx.signal,
    onProgress: (v) => progress.update(
      `${v.orgLogin}: ${count(v.done)} of ${count(v.total)} grants (${count(v.counts.revoked)} revoked, ${count(v.counts.alreadyGone)} already gone, ${count(v.counts.failed)} failed)…`),
  }).catch(asFlagError).finally(() => progress.done());
  const items = [];
  for (let after: number | undefined; ;) {
    const page = await engine.revocations.get({ orgId, jobId, afterGrantId: after, limit: 1000 });
    items.push(...page.items);
    if (page.nextAfter === null) break;
    after = page.nextAfter;
  }
  const credentials = await allCredentialItems({ engine, orgId, jobId });
  if (items.length || !credentials.length) ctx.out(formatOutcomes({ format, job, items, credentials }));
  else ctx.out(format === "json" ? formatOutcomes({ format, job, items, credentials }) : formatCredentialOutcomes({ format, items: credentials }));
  ctx.err(`${describeJob(job)}\n`);
  if (job.status === "running") ctx.err(`Not finished: run \`patwarden revoke --org ${job.orgLogin} --job ${job.id}\` to resume it (a running server resumes it too).\n`);
  return job.status === "succeeded" || job.status === "dry_run" ? EXIT.ok : EXIT.failed;
}
