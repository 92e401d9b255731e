// `patwarden revoke --org LOGIN (--ids … | <grants filters>) --reason TEXT [--yes] [--dry-run]`:
// the same engine as the dashboard's bulk revoke. Without --yes it shows the preview and asks for
// the org's name at the terminal (refusing when there is none); --job resumes or shows a job.
import { migrateDb } from "../../db/client.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import { requireAppCredentials } from "../env.ts";
import { InvalidInput } from "../../model/errors.ts";
import { createGitHubApp } from "../github/client.ts";
import {
  createRevocationJob, DEFAULT_MAX_REVOCATION_GRANTS, getRevocationJob, listRevocationItems, newRunnerId, previewRevocation, runRevocationJob,
  type RevocationJobView,
} from "../revoke/index.ts";
import { cliActor } from "./actor.ts";
import { parseFlags, parseFormat, requireOrgFlag } from "./args.ts";
import { EXIT, type CliContext, type Command } from "./context.ts";
import { resolveOrg } from "./org.ts";
import { confirmBeforeForward } from "./revoke-confirm.ts";
import { asFlagError, parseTarget, reasonFlag, REVOKE_FLAGS, wholeNumberFlag } from "./revoke-flags.ts";
import { describeJob, describePreview, formatOutcomes, previewJson } from "./revoke-output.ts";

const HELP = `Usage: patwarden revoke --org LOGIN (--ids ID[,ID…] | FILTERS) --reason TEXT [--yes] [--dry-run] [--format table|json|csv]
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

Exit code 0 only when every grant ended revoked or already gone; 1 otherwise; 2 for bad input or no confirmation.
Example: patwarden revoke --org acme --stale-days 90 --reason "unused for 90 days" --dry-run
`;

export const revokeCommand: Command = {
  name: "revoke",
  summary: "revoke grants by id or by filter, in resumable batches of ≤100 (with --dry-run)",
  usage: "patwarden revoke --org LOGIN (--ids … | FILTERS) --reason TEXT [--yes] [--dry-run]",
  help: HELP,
  forwardable: true,
  beforeForward: confirmBeforeForward,
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: REVOKE_FLAGS });
    const format = parseFormat(values.format);
    const login = requireOrgFlag(values.org, "revoke");
    const jobId = wholeNumberFlag(values, "job");
    const target = jobId === undefined ? parseTarget(values) : undefined;
    const maxGrants = wholeNumberFlag(values, "max") ?? DEFAULT_MAX_REVOCATION_GRANTS;
    // Before any question is asked: a missing reason must not cost the person their confirmation.
    const reason = target && !values["dry-run"] ? reasonFlag(values) : "";
    const handle = await ctx.openDb();
    if (handle.kind === "pglite" && !ctx.inServer) await migrateDb(handle);
    const org = await resolveOrg({ db: handle.db, login });
    if (!target) return runJob({ ctx, jobId: jobId!, orgId: org.id, format });

    const preview = await previewRevocation({ db: handle.db, orgId: org.id, target, maxGrants }).catch(asFlagError);
    if (values["dry-run"]) {
      ctx.out(format === "json" ? `${JSON.stringify(previewJson(preview), null, 2)}\n` : describePreview(previewJson(preview)));
      const problem = preview.unknown.length || preview.duplicates.length || preview.alreadyRemoved.length || preview.tooMany;
      return problem ? EXIT.badInput : EXIT.ok;
    }
    let expectCount = wholeNumberFlag(values, "expect-count");
    if (!values.yes) {
      ctx.err(describePreview(previewJson(preview)));
      if (!ctx.ask) {
        ctx.err(`error: --yes: nobody at a terminal to confirm; re-run with --yes to revoke these ${preview.count} grants (or --dry-run to only look)\n`);
        return EXIT.badInput;
      }
      const typed = await ctx.ask(`Type the organization name (${org.login}) to revoke ${preview.count} grants: `);
      if (typed.trim().toLowerCase() !== org.login.toLowerCase()) {
        ctx.err("error: --yes: the name did not match; nothing was revoked\n");
        return EXIT.badInput;
      }
      expectCount ??= preview.count;
    }
    const runnerId = newRunnerId();
    const job = await createRevocationJob({
      db: handle.db, orgId: org.id, target, reason, actor: cliActor(), actorType: "cli",
      confirmation: org.login, expectCount, maxGrants, runnerId,
    }).catch(asFlagError);
    ctx.err(`Revocation job ${job.id}: ${job.total} grants in ${job.batches} batch${job.batches === 1 ? "" : "es"}…\n`);
    return runJob({ ctx, jobId: job.id, orgId: org.id, format, runnerId });
  },
};

async function runJob({ ctx, jobId, orgId, format, runnerId }: {
  ctx: CliContext; jobId: number; orgId: number; format: ReturnType<typeof parseFormat>; runnerId?: string;
}): Promise<number> {
  const { db } = await ctx.openDb();
  let job: RevocationJobView = await getRevocationJob({ db, jobId, orgId }).catch((e: unknown) => {
    throw e instanceof Error && /does not exist/.test(e.message) ? new InvalidInput("--job", `${e.message} in this org`) : e;
  });
  if (job.status === "queued" || job.status === "running" || (job.status === "failed" && job.counts.pending + job.counts.inFlight > 0)) {
    const env = ctx.env();
    const { appId, privateKey } = requireAppCredentials(env);
    const org = await getOrg({ db, orgId });
    if (!org?.installationId) throw new InvalidInput("--org", `the App is not installed on ${org?.login ?? orgId}; install it, then run \`patwarden sync\``);
    const octokit = createGitHubApp({ appId, privateKey, baseUrl: env.apiBaseUrl }).installationOctokit(org.installationId);
    let shown = job.done;
    job = await runRevocationJob({
      db, octokit, jobId, runnerId, signal: ctx.signal,
      onProgress: (v) => {
        if (v.done - shown >= 100 || v.done === v.total) ctx.err(`  ${v.done}/${v.total} done (${v.counts.revoked} revoked, ${v.counts.alreadyGone} already gone, ${v.counts.failed} failed)\n`);
        shown = v.done;
      },
    });
  }
  const items = [];
  for (let after = 0; ;) {
    const page = await listRevocationItems({ db, jobId, afterGrantId: after, limit: 1000 });
    items.push(...page);
    if (page.length < 1000) break;
    after = page.at(-1)!.grantId;
  }
  ctx.out(formatOutcomes({ format, job, items }));
  ctx.err(`${describeJob(job)}\n`);
  if (job.status === "running") ctx.err(`Not finished: run \`patwarden revoke --org ${job.orgLogin} --job ${job.id}\` to resume it (a running server resumes it too).\n`);
  return job.status === "succeeded" || job.status === "dry_run" ? EXIT.ok : EXIT.failed;
}
