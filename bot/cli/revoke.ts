// `patwarden revoke --org LOGIN (--ids … | <grants filters>) --reason TEXT [--yes] [--dry-run]`:
// the same engine as the dashboard's bulk revoke. Without --yes it shows the preview and asks for
// the org's name at the terminal (refusing when there is none); --job resumes or shows a job.
import { migrateDb } from "../../db/client.ts";
import { requireAppCredentials } from "../env.ts";
import { InvalidInput } from "../errors.ts";
import { createGitHubApp } from "../github/client.ts";
import { GRANT_BOOLEAN_KEYS, parseGrantQuery } from "../grants/filter.ts";
import {
  checkReason, createRevocationJob, DEFAULT_MAX_REVOCATION_GRANTS, getRevocationJob, listRevocationItems, newRunnerId, previewRevocation, runRevocationJob,
  type RevocationJobView, type RevocationTarget,
} from "../revoke/index.ts";
import { parseFlags, parseFormat, requireOrgFlag, type FlagSpec } from "./args.ts";
import { cliActor } from "./actor.ts";
import { EXIT, type BeforeForward, type CliContext, type Command } from "./context.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import { resolveOrg } from "./org.ts";
import { describeJob, describePreview, formatOutcomes, previewJson, type PreviewJson } from "./revoke-output.ts";

/** Filters select; sorting and paging do not apply to "every grant matching". */
const FILTER_KEYS = ["owner", "repository", "permission", "last-used-before", "last-used-after", "never-used", "stale-days",
  "expired", "expiring-within", "no-expiry", "selection", "owner-left", "search", "state"] as const;
const MULTIPLE = new Set(["owner", "permission", "selection"]);

const FLAGS: FlagSpec = {
  org: { type: "string" }, ids: { type: "string", multiple: true }, reason: { type: "string" }, yes: { type: "boolean" },
  "dry-run": { type: "boolean" }, format: { type: "string" }, max: { type: "string" }, "expect-count": { type: "string" }, job: { type: "string" },
  ...Object.fromEntries(FILTER_KEYS.map((k) => [k, (GRANT_BOOLEAN_KEYS as readonly string[]).includes(k) ? { type: "boolean" as const } : { type: "string" as const, multiple: MULTIPLE.has(k) }])),
};

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

type Values = ReturnType<typeof parseFlags>["values"];

function wholeNumberFlag(values: Values, flag: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) < 1) {
    throw new InvalidInput(`--${flag}`, `expected a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function parseTarget(values: Values): RevocationTarget {
  const filters = Object.fromEntries(FILTER_KEYS.filter((k) => values[k] !== undefined).map((k) => [k, values[k] as string | boolean | string[]]));
  const ids = values.ids as string[] | undefined;
  if (ids && Object.keys(filters).length) throw new InvalidInput("--ids", `cannot be combined with filters (${Object.keys(filters).map((k) => `--${k}`).join(", ")}); use one or the other`);
  if (ids) {
    const parsed = ids.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
    const bad = parsed.find((v) => !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < 1);
    if (bad !== undefined) throw new InvalidInput("--ids", `expected grant ids (positive whole numbers), got ${JSON.stringify(bad)}`);
    return { ids: parsed.map(Number) };
  }
  if (!Object.keys(filters).length) {
    throw new InvalidInput("--ids", "give --ids, or filters that select the grants (--state active selects every active grant)");
  }
  return { filter: parseGrantQuery({ input: filters, label: (k) => `--${k}`, strict: true }).filter };
}

function reasonFlag(values: Values): string {
  try {
    return checkReason(values.reason);
  } catch (e) {
    return asFlagError(e);
  }
}

/** The engine names its fields (reason, ids…); on the command line they are flags. */
function asFlagError(e: unknown): never {
  if (e instanceof InvalidInput && !e.field.startsWith("-")) {
    const flag = e.field === "filter" || e.field === "selection" ? "--ids/filters" : e.field === "confirmation" ? "--yes" : `--${e.field}`;
    throw new InvalidInput(flag, e.message.slice(e.field.length + 2));
  }
  throw e;
}

export const revokeCommand: Command = {
  name: "revoke",
  summary: "revoke grants by id or by filter, in resumable batches of ≤100 (with --dry-run)",
  usage: "patwarden revoke --org LOGIN (--ids … | FILTERS) --reason TEXT [--yes] [--dry-run]",
  help: HELP,
  forwardable: true,
  beforeForward: confirmBeforeForward,
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: FLAGS });
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


/** A forwarded revoke runs in the server, which has no terminal: preview and ask here first. */
async function confirmBeforeForward({ args, ask, out, err, forward }: Parameters<BeforeForward>[0]): Promise<string[] | { exitCode: number }> {
  const asks = !args.some((a) => a === "--yes" || a === "--dry-run" || a === "--job" || a.startsWith("--job=") || a === "--help" || a === "-h");
  if (!asks || !ask) return args;
  try {
    const { values } = parseFlags({ args, options: FLAGS });
    checkReason(values.reason);
  } catch {
    return args; // the server reports bad flags exactly as a direct run would
  }
  const dry = await forward([...args, "--dry-run", "--format", "json"]);
  if (dry === "unreachable") return args;
  if (dry.exitCode !== EXIT.ok) {
    out(dry.stdout);
    err(dry.stderr);
    return { exitCode: dry.exitCode };
  }
  const preview = JSON.parse(dry.stdout) as PreviewJson;
  err(describePreview(preview));
  const typed = await ask(`Type the organization name (${preview.org}) to revoke ${preview.count} grants: `);
  if (typed.trim().toLowerCase() !== preview.org.toLowerCase()) {
    err("error: --yes: the name did not match; nothing was revoked\n");
    return { exitCode: EXIT.badInput };
  }
  return [...args, "--yes", "--expect-count", String(preview.count)];
}
