// `patwarden start`: webhooks, health, metrics, the scheduled jobs and (when built) the dashboard.
import { InvalidInput } from "../../model/errors.ts";
import { createLogger } from "../server/log.ts";
import { serve } from "../server/serve.ts";
import { readLiveServerState } from "../server/state-file.ts";
import { parseFlags } from "./args.ts";
import { EXIT, serverStateFileOf, type CliContext, type Command } from "./context.ts";

const HELP = `Usage: patwarden start [--port N] [--no-dashboard] [--dashboard-dev] [--no-schedule]

Serves on PORT (default 3000):
  POST /api/github/webhooks   GitHub App webhooks (signature checked with WEBHOOK_SECRET)
  GET  /api/health            database and GitHub reachability, version
  GET  /metrics               Prometheus metrics
  /                           the dashboard (built on first start when missing)
Scheduled jobs (off with --no-schedule): every SYNC_INTERVAL_MINUTES (default 60) each org gets an
incremental sync, a full sweep once a day, and a snapshot for the trend charts at 23:55 UTC. Jobs are
kept in the database (pg-boss, also in embedded mode): a restart loses nothing, failures retry with
backoff, and several servers sharing one DATABASE_URL sync each org once per interval between them.
Without DATABASE_URL the embedded database in .data/pglite is used; other patwarden commands
then run inside this process (they find it through .data/server.json).
Logs are JSON lines on stdout (LOG_LEVEL). Stop with Ctrl-C.
`;

export function refuseIfServerRunning(ctx: CliContext, command: "start" | "demo" = "start"): void {
  if (command === "start" && ctx.env().DATABASE_URL) return; // the demo is always embedded
  const state = readLiveServerState({ file: serverStateFileOf(ctx.rawEnv) });
  if (state) {
    throw new InvalidInput(command, `a patwarden server (pid ${state.pid}, port ${state.port}) already owns the embedded database in ${ctx.dataDir}; stop it first, or set DATABASE_URL`);
  }
}

export const startCommand: Command = {
  name: "start",
  summary: "serve webhooks, health, metrics and the dashboard; sync on a schedule",
  usage: "patwarden start [--port N]",
  help: HELP,
  forwardable: false,
  async run(ctx, args) {
    const { values } = parseFlags({
      args,
      options: { port: { type: "string" }, "no-dashboard": { type: "boolean" }, "dashboard-dev": { type: "boolean" }, "no-schedule": { type: "boolean" } },
    });
    const env = ctx.env();
    const port = values.port === undefined ? env.PORT : parsePort(String(values.port));
    refuseIfServerRunning(ctx);
    const storage = await ctx.openStorage();
    const log = createLogger({ level: env.LOG_LEVEL });
    const say = (line: string) => ctx.err(`${line}\n`);
    await serve({
      storage,
      env,
      log,
      signal: ctx.signal,
      port,
      stateFile: serverStateFileOf(ctx.rawEnv),
      dashboard: values["no-dashboard"] ? false : { dev: Boolean(values["dashboard-dev"]) },
      scheduler: !values["no-schedule"],
      say,
      onReady: (s) => say(`patwarden listening on ${s.url} (database: ${storage.kind} ${storage.where})`),
    });
    return EXIT.ok;
  },
};

export function parsePort(value: string, flag = "--port"): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidInput(flag, `expected a port number from 0 to 65535, got ${JSON.stringify(value)}`);
  return n;
}
