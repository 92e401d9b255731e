// `patwarden sync [--org LOGIN] [--full|--incremental]`: sync now, print a summary per org.
import { requireAppCredentials } from "../env.ts";
import { InvalidInput } from "../../model/errors.ts";
import { describeSummary, type OrgSyncSummary } from "../sync/verbs.ts";
import { parseFlags, parseFormat } from "./args.ts";
import { EXIT, type Command } from "./context.ts";
import { count, progressOf } from "./progress.ts";

const HELP = `Usage: patwarden sync [--org LOGIN] [--full | --incremental] [--format table|json]

Refreshes the installation list, then syncs every org the App is installed on (or just --org),
one at a time, and prints per org: API calls, rate-limit points, grants seen/added/updated/removed
and the duration. Paused orgs are skipped unless named with --org.
  --full          full sweep: every grant, repository, request and member (the default);
                  unchanged pages cost no rate limit (conditional requests)
  --incremental   cheap refresh of recently used grants and pending requests; never removes grants
Exit code 1 if any org's sync failed (the reason is printed), 2 for bad flags.
`;

export const syncCommand: Command = {
  name: "sync",
  summary: "sync PAT grants, requests and members from GitHub now",
  usage: "patwarden sync [--org LOGIN] [--full|--incremental]",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values } = parseFlags({ args, options: { org: { type: "string" }, full: { type: "boolean" }, incremental: { type: "boolean" }, format: { type: "string" } } });
    if (values.full && values.incremental) throw new InvalidInput("--full", "cannot be combined with --incremental; pick one");
    const format = parseFormat(values.format);
    if (format === "csv") throw new InvalidInput("--format", "expected table or json for sync, got \"csv\"");
    const engine = await ctx.engine();
    // Here the App's settings must be set; a running embedded server (the demo) syncs with its own.
    if (!ctx.bridged()) requireAppCredentials(ctx.env());
    await engine.ops.migrate({ embeddedOnly: true }); // embedded: self-contained, no separate migrate step
    const say = (line: string) => (format === "json" ? ctx.err(`${line}\n`) : ctx.out(`${line}\n`));
    await engine.sync.registerInstallations({});
    const login = typeof values.org === "string" ? (await engine.orgs.resolve({ login: values.org, field: "--org" })).login : undefined;
    // Progress as it happens here; over the bridge (embedded server) the same lines once it is done.
    let reported = false;
    const progress = progressOf(ctx);
    // Over the bridge (embedded server) the engine reports nothing until it is done: the time, at least.
    if (ctx.bridged()) progress.tick((s) => `syncing${login ? ` ${login}` : ""}… ${s} s`);
    const { results, skipped } = await engine.sync.run({ kind: values.incremental ? "incremental" : "full", trigger: "cli", login, register: false }, {
      signal: ctx.signal,
      onStart: (org, kind) => {
        reported = true;
        say(`Syncing ${org.login} (${kind})…`);
      },
      onProgress: (p) => progress.update(`${p.org}: ${count(p.seen)}${p.expected ? ` of ${count(p.expected)}` : ""} grants…`),
      onResult: (s) => {
        progress.done();
        say(describeSummary(s));
      },
    }).finally(() => progress.done());
    if (!reported) for (const s of results) say(`Syncing ${s.org} (${s.kind})…\n${describeSummary(s)}`);
    for (const s of skipped) say(`${s.org}: skipped (${s.why})`);
    if (format === "json") ctx.out(`${JSON.stringify(results.map(toJson), null, 2)}\n`);
    if (results.length === 0 && skipped.length === 0) say("No org has the App installed; nothing to sync.");
    const failed = results.filter((r) => !r.ok);
    if (failed.length) ctx.err(`error: sync failed for ${failed.map((f) => `${f.org} (${f.error ?? f.status})`).join(", ")}\n`);
    return failed.length ? EXIT.failed : EXIT.ok;
  },
};

const toJson = (s: OrgSyncSummary) => ({
  org: s.org, kind: s.kind, status: s.ok ? "succeeded" : s.status, error: s.error ?? null,
  api_calls: s.apiCalls, rate_limit_spent: s.rateLimitSpent, grants: s.grants, duration_ms: s.durationMs,
});
