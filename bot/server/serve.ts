// Everything `start` (and the demo's last step) runs: migrations, the Probot app, the HTTP server,
// the embedded-mode CLI bridge, the scheduled jobs (pg-boss) and the dashboard; then a clean shutdown on signal.
import type { Env } from "../env.ts";
import { InvalidInput } from "../../model/errors.ts";
import { createGitHubApp, type GitHubApp } from "../github/client.ts";
import { createBackgroundJobs } from "../schedule/background.ts";
import { startJobs, type Jobs } from "../jobs/index.ts";
import { startServer, type RunningServer } from "../server.ts";
import { createDeferredDashboard } from "./dashboard.ts";
import { createEngine, type EngineStorage } from "../engine.ts";
import type { Logger } from "./log.ts";
import { appCredentials, createProbot } from "./probot.ts";
import { newServerToken, removeServerState, writeServerState } from "./state-file.ts";

export type ServeOptions = {
  /** The open storage, handed to the one engine this process builds. */
  storage: EngineStorage;
  env: Env;
  log: Logger;
  signal: AbortSignal;
  port?: number;
  /** Where embedded mode advertises itself to other CLI invocations. */
  stateFile: string;
  dashboard: false | { dev: boolean };
  /** Run the scheduled jobs (sync, policy, snapshot, report) in this process; `--no-schedule` turns them off. */
  scheduler: boolean;
  /** Human-readable progress lines (the terminal), separate from the JSON logs. */
  say: (line: string) => void;
  onReady?: (server: RunningServer) => void;
};

export async function serve(opts: ServeOptions): Promise<void> {
  const { storage, env, log, say } = opts;
  const jobs = createBackgroundJobs({ log });
  const creds = appCredentials(env);
  let github: GitHubApp | undefined;
  let scheduled: Jobs | undefined;
  if (!("missing" in creds)) {
    github = createGitHubApp({ appId: creds.appId, privateKey: creds.privateKey, baseUrl: env.apiBaseUrl, log: quiet(log) });
  }
  // One engine for the webhooks, the scheduled jobs, the dashboard, health, metrics and the bridge.
  const engine = createEngine({ db: storage, github: github ?? null, log, scheduler: () => scheduled ?? null });
  await engine.ops.migrate();
  let probot;
  if ("missing" in creds) {
    say(`GitHub App not configured (missing ${creds.missing.join(", ")}): webhooks answer 503 and nothing is synced.`);
  } else {
    ({ probot } = await createProbot({ env, engine, log, jobs }));
  }
  const dashboard = opts.dashboard
    ? createDeferredDashboard({ engine, env, dev: opts.dashboard.dev, log: say })
    : undefined;
  const embedded = (await engine.ops.storage()).kind === "pglite";
  if (embedded) assertBridgeReachable(env.HOST);
  const token = embedded ? newServerToken() : undefined;
  const running = await startServer({
    engine,
    env,
    probot,
    log,
    port: opts.port,
    dashboard: dashboard?.handle,
    devDashboard: opts.dashboard ? opts.dashboard.dev : false,
    internalEngine: token ? { token, engine } : undefined,
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "EADDRINUSE") throw new InvalidInput("PORT", `port ${opts.port ?? env.PORT} is already in use; stop what uses it, or set PORT (or --port)`);
    throw err;
  });
  if (token) writeServerState({ file: opts.stateFile, state: { pid: process.pid, port: running.port, token } });
  // Jobs live in the database (pg-boss): queued work survives a restart, and servers sharing one
  // Postgres split the orgs between them.
  // Started behind the server, not before it: installing pg-boss's schema takes seconds on PGlite.
  const jobsStarting = github && opts.scheduler
    ? startJobs({ engine, env, log }).then(
      (j) => void (scheduled = j),
      (err: unknown) => {
        log.error({ err: err instanceof Error ? err.message : String(err) }, "scheduled jobs failed to start");
        say(`Scheduled jobs did not start (${err instanceof Error ? err.message : String(err)}); syncs run only when asked for.`);
      },
    )
    : undefined;
  // Revocation jobs a crash or restart left unfinished are resumed; queued ones run.
  const revocations = engine.revocations.startWorker(); // null without the GitHub App
  opts.onReady?.(running);
  const dashboardLoad = dashboard?.load();
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    else opts.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  say("Shutting down…");
  await jobsStarting;
  await scheduled?.stop();
  await revocations?.stop();
  await Promise.race([Promise.all([jobs.idle(), engine.orgs.idle()]), new Promise((r) => setTimeout(r, 10_000).unref())]);
  await running.close();
  await dashboardLoad?.catch(() => {});
  await dashboard?.close();
  if (token) removeServerState({ file: opts.stateFile });
}

/** Octokit's own request logging is noise at info level; keep its warnings and errors. */
function quiet(log: Logger) {
  const child = log.child({ name: "octokit" });
  return {
    debug: (m: string) => child.debug(m),
    info: (m: string) => child.debug(m),
    warn: (m: string) => child.warn(m),
    error: (m: string) => child.error(m),
  };
}

/**
 * In embedded mode CLI commands reach the server's database through the bridge on 127.0.0.1
 * (bot/cli/remote-engine.ts); on another address they would not find it and would open the
 * database beside the server. Refuse such a HOST before anything listens.
 */
export function assertBridgeReachable(host: string): void {
  if (/^(127\.\d+\.\d+\.\d+|0\.0\.0\.0|::|localhost)$/i.test(host)) return;
  throw new InvalidInput("HOST", `${host} does not include 127.0.0.1, where CLI commands reach the embedded database (no DATABASE_URL) through the server; use 127.0.0.1 or 0.0.0.0, or set DATABASE_URL`);
}
