// `npm run demo`: the whole product with no GitHub App — the simulator in this process, embedded
// PGlite in .data/pglite, a full sync of every simulated org, then the server with webhooks
// delivered by the simulator. Safe to re-run on existing data; Ctrl-C stops everything.
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { CliContext } from "./cli/context.ts";
import { refuseIfServerRunning } from "./cli/start.ts";
import { openEngine } from "./engine.ts";
import { loadEnv } from "./env.ts";
import { InvalidInput } from "../model/errors.ts";
import { createGitHubApp } from "./github/client.ts";
import { createLogger } from "./server/log.ts";
import { assertBridgeReachable, serve } from "./server/serve.ts";
import { describeSummary } from "./sync/verbs.ts";
import { runSimulator } from "../simulator/serve.ts";
import type { SimOrgSpec } from "../simulator/index.ts";
import { DEMO_ORGS } from "../simulator/demo-world.ts";

export { DEMO_ORGS };

export type DemoOptions = {
  simPort: number;
  port: number;
  orgs?: SimOrgSpec[];
  dashboard: boolean;
  /** Start the simulated GitHub afresh instead of from the world the last run left. */
  reset?: boolean;
};

export async function runDemo({ ctx, opts }: { ctx: CliContext; opts: DemoOptions }): Promise<number> {
  const say = (line: string) => ctx.out(`${line}\n`);
  refuseIfServerRunning(ctx, "demo");
  const t0 = Date.now();
  say(`Starting the GitHub simulator on 127.0.0.1:${opts.simPort}…`);
  const sim = await runSimulator({ port: opts.simPort, orgs: opts.orgs ?? DEMO_ORGS, stateDir: path.join(ctx.dataDir, "simulator"), reset: opts.reset })
    .catch((err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") throw new InvalidInput("SIM_PORT", `port ${opts.simPort} is in use; set SIM_PORT to a free port`);
      throw err;
    });
  const world = sim.simulator.world!;
  if (world.note) say(`  ${world.note}`);
  say(world.restored ? `  Resumed the simulated GitHub kept in ${world.file}.` : `  A new simulated GitHub, kept in ${world.file}.`);
  try {
    // The demo's App is the simulator's; the database is always the embedded one.
    const rawEnv: NodeJS.ProcessEnv = {
      ...ctx.rawEnv,
      ...sim.env,
      DATABASE_URL: undefined,
      // 0 (any free port, tests) is for serve() only; the env schema wants a real port.
      PORT: opts.port > 0 ? String(opts.port) : undefined,
      SESSION_SECRET: ctx.rawEnv.SESSION_SECRET ?? randomBytes(32).toString("base64url"),
      LOG_LEVEL: ctx.rawEnv.LOG_LEVEL ?? "warn",
      // The demo shows a grace period passing with `patwarden policy --now …`; production refuses --now.
      PATWARDEN_ALLOW_CLOCK_OVERRIDE: "1",
    };
    const env = loadEnv(rawEnv);
    // Before the long sync: the demo's database is always the embedded one.
    assertBridgeReachable(env.HOST);
    const pgliteDir = path.join(ctx.dataDir, "pglite");
    say(`Opening the embedded database in ${pgliteDir}…`);
    const github = createGitHubApp({ appId: Number(env.APP_ID), privateKey: env.privateKey!, baseUrl: env.apiBaseUrl });
    const { engine, storage, close } = await openEngine({ pgliteDir, github });
    try {
      await engine.ops.migrate();
      let current: { id: number; login: string } | undefined;
      let lastSaid = "";
      const reportProgress = async () => {
        const org = current;
        const n = org && (await engine.sync.countStored({ orgId: org.id }).catch(() => undefined));
        const line = org && n !== undefined ? `  ${org.login}: ${n.toLocaleString("en-US")} grants stored so far…` : "";
        // A re-run finds every grant stored already: say the count once, not every 3 s.
        if (line && line !== lastSaid) say((lastSaid = line));
      };
      const progress = setInterval(() => void reportProgress(), 3000);
      const { results } = await engine.sync.run({ kind: "full", trigger: "demo" }, {
        signal: ctx.signal,
        onStart: (org, kind) => {
          current = { id: org.id, login: org.login };
          say(`Syncing ${org.login} (${kind})…`);
        },
        onResult: (s) => say(`  ${describeSummary(s)}`),
      }).finally(() => clearInterval(progress));
      if (ctx.signal.aborted) return 1;
      const failed = results.filter((r) => !r.ok);
      if (failed.length || results.length === 0) {
        ctx.err(`error: the demo sync failed${failed.length ? ` for ${failed.map((f) => `${f.org}: ${f.error}`).join("; ")}` : " (no orgs found)"}\n`);
        return 1;
      }
      say(`Synced ${results.length} orgs in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
      const log = createLogger({ level: env.LOG_LEVEL });
      await serve({
        storage, env, log, signal: ctx.signal, port: opts.port,
        stateFile: path.join(ctx.dataDir, "server.json"),
        dashboard: opts.dashboard ? { dev: false } : false,
        // Just synced: the scheduled jobs skip each org until the next interval slot.
        scheduler: true,
        say,
        onReady: (server) => {
          sim.simulator.control.setWebhookUrl(`${server.url}/api/github/webhooks`);
          say(readyText({ url: server.url, simUrl: sim.simulator.url, org: results[0]!.org, dashboard: opts.dashboard, dataDir: ctx.dataDir, worldFile: world.file, metricsToken: env.METRICS_TOKEN !== undefined }));
        },
      });
      return 0;
    } finally {
      await close().catch(() => {});
    }
  } finally {
    await sim.simulator.close();
  }
}

function readyText({ url, simUrl, org, dashboard, dataDir, worldFile, metricsToken }: {
  url: string; simUrl: string; org: string; dashboard: boolean; dataDir: string; worldFile: string; metricsToken: boolean;
}): string {
  return [
    "",
    "patwarden demo is running.",
    dashboard ? `  Dashboard:  ${url}/   (sign in as one of the simulator's demo users)` : `  Landing:    ${url}/`,
    `  Health:     ${url}/api/health`,
    `  Metrics:    ${url}/metrics  (${metricsToken ? "Authorization: Bearer $METRICS_TOKEN" : "from this machine only; set METRICS_TOKEN to open it"})`,
    `  Webhooks:   ${url}/api/github/webhooks  (the simulator delivers here)`,
    `  Simulator:  ${simUrl}  (control API under /_sim/)`,
    "",
    "Try, in another terminal:",
    `  npx patwarden grants --org ${org} --stale-days 90 --format json`,
    `  npx patwarden grants --org ${org} --permission administration:write --owner-left`,
    `  npx patwarden requests --org ${org}`,
    `  curl -X POST ${simUrl}/_sim/orgs/${org}/requests -H 'content-type: application/json' -d '{}'   # a new PAT request → webhook`,
    "",
    `Ctrl-C stops the demo. The next run resumes from ${dataDir}: the database, and the simulated`,
    `GitHub's world in ${worldFile} (revoked grants stay revoked). \`patwarden demo --reset\` starts GitHub afresh.`,
    "",
  ].join("\n");
}
