// `patwarden policy`: show the org's effective policy, preview a run (--dry-run), run it (--run),
// or check a policy file locally (--check FILE). The file is reloaded from GitHub first.
import { readFile } from "node:fs/promises";
import { migrateDb } from "../../db/client.ts";
import { requireAppCredentials } from "../env.ts";
import { InvalidInput } from "../../model/errors.ts";
import { createGitHubApp } from "../github/client.ts";
import { getEffectivePolicy, loadPolicyConfig, parsePolicyConfig, POLICY_FILE, runPolicies } from "../policies/index.ts";
import { cliActor } from "./actor.ts";
import { parseFlags, parseFormat, requireOrgFlag } from "./args.ts";
import { EXIT, type BeforeForward, type CliContext, type Command } from "./context.ts";
import { resolveOrg } from "./org.ts";
import { describeErrors, describePolicy, describeRun, runJson } from "./policy-output.ts";

/** --now could skip a grace period in production: only an environment that says so may move the clock. */
export const CLOCK_OVERRIDE_ENV = "PATWARDEN_ALLOW_CLOCK_OVERRIDE";

const FLAGS = {
  org: { type: "string" }, "dry-run": { type: "boolean" }, run: { type: "boolean" }, yes: { type: "boolean" },
  format: { type: "string" }, now: { type: "string" }, check: { type: "string" }, "no-reload": { type: "boolean" },
} as const;

const HELP = `Usage: patwarden policy --org LOGIN [--dry-run | --run [--yes]] [--format table|json] [--now ISO] [--no-reload]
       patwarden policy --check FILE

Policies live in ${POLICY_FILE.path} in the org's ${POLICY_FILE.repository} repository (docs/policies.md).
Without --dry-run or --run, shows the effective policy. The file is reloaded from GitHub first
(unless --no-reload); when GitHub cannot be reached, the stored copy is used.

  --dry-run        show exactly what a run would do, per rule and grant; changes nothing
                   (the preview is recorded in the run history)
  --run            run now: warn owners, revoke what is past its grace period (asks first, unless --yes)
  --now ISO        evaluate at another instant, e.g. 2025-07-01T00:00:00Z (demo and tests); accepted only
                   when ${CLOCK_OVERRIDE_ENV}=1 is set, because it can skip a grace period
  --check FILE     validate a local policy file: errors with line and field
Exit code 0 when the run fully succeeded (or the file is valid); 1 when it failed or was skipped; 2 for bad input.
`;

export const policyCommand: Command = {
  name: "policy",
  summary: "show, preview (--dry-run) or run the org's token policy; --check a policy file",
  usage: "patwarden policy --org LOGIN [--dry-run | --run [--yes]] | --check FILE",
  help: HELP,
  forwardable: true,
  beforeForward: policyBeforeForward,
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: FLAGS });
    if (typeof values.check === "string") return checkFile({ file: values.check, out: ctx.out, err: ctx.err });
    const format = parseFormat(values.format);
    if (format === "csv") throw new InvalidInput("--format", "expected table or json for policy, got \"csv\"");
    if (values.run && values["dry-run"]) throw new InvalidInput("--run", "cannot be combined with --dry-run; --dry-run previews, --run acts");
    const login = requireOrgFlag(values.org, "policy");
    const now = parseNow({ ctx, value: values.now });
    const handle = await ctx.openDb();
    if (handle.kind === "pglite" && !ctx.inServer) await migrateDb(handle);
    const org = await resolveOrg({ db: handle.db, login });
    const env = ctx.env();
    const { appId, privateKey } = requireAppCredentials(env);
    if (!org.installationId) throw new InvalidInput("--org", `the App is not installed on ${org.login}; install it, then run \`patwarden sync\``);
    const octokit = createGitHubApp({ appId, privateKey, baseUrl: env.apiBaseUrl }).installationOctokit(org.installationId);
    const ref = { id: org.id, login: org.login };
    const policy = values["no-reload"]
      ? await getEffectivePolicy({ db: handle.db, orgId: org.id })
      : await loadPolicyConfig({ db: handle.db, octokit, org: ref }).catch(async (e: unknown) => {
        ctx.err(`warning: could not reload ${POLICY_FILE.path} from GitHub (${e instanceof Error ? e.message : String(e)}); using the stored copy\n`);
        return getEffectivePolicy({ db: handle.db, orgId: org.id });
      });
    if (!values.run && !values["dry-run"]) {
      ctx.out(format === "json" ? `${JSON.stringify(policy, null, 2)}\n` : describePolicy(policy));
      return policy.status === "invalid" ? EXIT.failed : EXIT.ok;
    }
    if (values.run && !values.yes && !(await confirmRun({ ctx, org: org.login }))) return EXIT.badInput;
    const result = await runPolicies({ db: handle.db, octokit, org: ref, now, dryRun: !values.run, trigger: "cli", actor: cliActor(), webhookAllowedHosts: env.NOTIFY_WEBHOOK_ALLOWED_HOSTS });
    ctx.out(format === "json" ? `${JSON.stringify(runJson(result), null, 2)}\n` : describeRun({ org: org.login, result }));
    return result.status === "succeeded" && result.errors.length === 0 ? EXIT.ok : EXIT.failed;
  },
};

function parseNow({ ctx, value }: { ctx: CliContext; value: unknown }): Date | undefined {
  if (value === undefined) return undefined;
  // Read from the raw environment: a test and demo switch, deliberately not part of the app's settings.
  if (ctx.rawEnv[CLOCK_OVERRIDE_ENV] !== "1") {
    throw new InvalidInput("--now", `moves the evaluation clock and could skip a grace period, so it is refused unless ${CLOCK_OVERRIDE_ENV}=1 is set (the demo sets it)`);
  }
  const ms = Date.parse(String(value));
  if (!Number.isFinite(ms)) throw new InvalidInput("--now", `expected an ISO date-time like 2025-07-01T00:00:00Z, got ${JSON.stringify(value)}`);
  return new Date(ms);
}

async function confirmRun({ ctx, org }: { ctx: CliContext; org: string }): Promise<boolean> {
  if (!ctx.ask) {
    ctx.err("error: --yes: nobody at a terminal to confirm; re-run with --yes to run the policy (or --dry-run to only look)\n");
    return false;
  }
  const typed = await ctx.ask(`Type the organization name (${org}) to run its policy (warn owners, revoke what is due): `);
  if (typed.trim().toLowerCase() === org.toLowerCase()) return true;
  ctx.err("error: --yes: the name did not match; nothing was done\n");
  return false;
}

async function checkFile({ file, out, err }: { file: string; out: (t: string) => void; err: (t: string) => void }): Promise<number> {
  const text = await readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new InvalidInput("--check", `cannot read ${file} (${e.code ?? e.message})`);
  });
  const parsed = parsePolicyConfig(text);
  if (!parsed.ok) {
    err(describeErrors({ file, errors: parsed.errors }));
    err(`${file}: ${parsed.errors.length} error(s); nothing of this file would apply\n`);
    return EXIT.badInput;
  }
  out(`${file}: valid (${parsed.config.rules.length} rule${parsed.config.rules.length === 1 ? "" : "s"})\n`);
  return EXIT.ok;
}

/** --check reads a file here (the server may not see it); --run without --yes previews and asks here. */
async function policyBeforeForward({ args, ask, out, err, forward }: Parameters<BeforeForward>[0]): Promise<string[] | { exitCode: number }> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseFlags({ args, options: FLAGS }));
  } catch {
    return args; // the server reports bad flags exactly as a direct run would
  }
  if (typeof values.check === "string") return { exitCode: await checkFile({ file: values.check, out, err }) };
  if (!values.run || values.yes || values["dry-run"] || !ask) return args;
  const preview = await forward([...args.filter((a) => a !== "--run"), "--dry-run"]);
  if (preview === "unreachable") return args;
  err(preview.stdout);
  err(preview.stderr);
  if (preview.exitCode !== EXIT.ok) return { exitCode: preview.exitCode };
  const org = String(values.org ?? "");
  const typed = await ask(`Type the organization name (${org}) to run its policy (warn owners, revoke what is due): `);
  if (typed.trim().toLowerCase() !== org.toLowerCase()) {
    err("error: --yes: the name did not match; nothing was done\n");
    return { exitCode: EXIT.badInput };
  }
  return [...args, "--yes"];
}
