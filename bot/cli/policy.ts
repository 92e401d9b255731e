// `patwarden policy`: show the org's effective policy, preview a run (--dry-run), run it (--run),
// or check a policy file locally (--check FILE). The file is reloaded from GitHub first.
import { readFile } from "node:fs/promises";
import { InvalidInput } from "../../model/errors.ts";
import { parsePolicyConfig, POLICY_FILE, type PolicyRunResult } from "../policies/index.ts";
import { cliActor } from "./actor.ts";
import { parseFlags, parseFormat, requireOrgFlag } from "./args.ts";
import { EXIT, type CliContext, type Command } from "./context.ts";
import { plural } from "../../model/words.ts";
import { withTicker } from "./progress.ts";
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
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: FLAGS });
    if (typeof values.check === "string") return checkFile({ file: values.check, out: ctx.out, err: ctx.err });
    const format = parseFormat(values.format);
    if (format === "csv") throw new InvalidInput("--format", "expected table or json for policy, got \"csv\"");
    if (values.run && values["dry-run"]) throw new InvalidInput("--run", "cannot be combined with --dry-run; --dry-run previews, --run acts");
    const login = requireOrgFlag(values.org, "policy");
    const now = parseNow({ ctx, value: values.now });
    const engine = await ctx.engine();
    if (!ctx.bridged()) await engine.ops.migrate({ embeddedOnly: true });
    const org = await engine.orgs.resolve({ login, field: "--org" });
    if (!org.installationId) throw new InvalidInput("--org", `the App is not installed on ${org.login}; install it, then run \`patwarden sync\``);
    const { policy, reloadError } = await engine.policies.show({ orgId: org.id, reload: !values["no-reload"] });
    if (reloadError !== null) ctx.err(`warning: could not reload ${POLICY_FILE.path} from GitHub (${reloadError}); using the stored copy\n`);
    if (!values.run && !values["dry-run"]) {
      ctx.out(format === "json" ? `${JSON.stringify(policy, null, 2)}\n` : describePolicy(policy));
      return policy.status === "invalid" ? EXIT.failed : EXIT.ok;
    }
    const input = { orgId: org.id, now, trigger: "cli", actor: cliActor(), webhookAllowedHosts: ctx.env().NOTIFY_WEBHOOK_ALLOWED_HOSTS };
    const show = (result: PolicyRunResult) => (format === "json" ? `${JSON.stringify(runJson(result), null, 2)}\n` : describeRun({ org: org.login, result }));
    const succeeded = (result: PolicyRunResult) => result.status === "succeeded" && result.errors.length === 0;
    if (values.run && !values.yes) {
      // Show what the run would do (recorded as a dry run, as --dry-run is), then ask here, where the person is.
      if (!ctx.ask) return refuse(ctx, "nobody at a terminal to confirm; re-run with --yes to run the policy (or --dry-run to only look)");
      const preview = await withTicker(ctx, `${org.login}: evaluating the policy`, () => engine.policies.preview(input));
      ctx.err(show(preview));
      if (!succeeded(preview)) return EXIT.failed;
      if (!(await confirmRun({ ask: ctx.ask, org: org.login }))) return refuse(ctx, "the name did not match; nothing was done");
    }
    const result = await withTicker(ctx, `${org.login}: ${values.run ? "running" : "evaluating"} the policy`,
      () => (values.run ? engine.policies.run(input) : engine.policies.preview(input)));
    ctx.out(show(result));
    return succeeded(result) ? EXIT.ok : EXIT.failed;
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

async function confirmRun({ ask, org }: { ask: NonNullable<CliContext["ask"]>; org: string }): Promise<boolean> {
  const typed = await ask(`Type the organization name (${org}) to run its policy (warn owners, revoke what is due): `);
  return typed.trim().toLowerCase() === org.toLowerCase();
}

function refuse(ctx: CliContext, why: string): number {
  ctx.err(`error: --yes: ${why}\n`);
  return EXIT.badInput;
}

async function checkFile({ file, out, err }: { file: string; out: (t: string) => void; err: (t: string) => void }): Promise<number> {
  const text = await readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new InvalidInput("--check", `cannot read ${file} (${e.code ?? e.message})`);
  });
  const parsed = parsePolicyConfig(text);
  if (!parsed.ok) {
    err(describeErrors({ file, errors: parsed.errors }));
    err(`${file}: ${plural(parsed.errors.length, "error")}; nothing of this file would apply\n`);
    return EXIT.badInput;
  }
  out(`${file}: valid (${plural(parsed.config.rules.length, "rule")})\n`);
  return EXIT.ok;
}
