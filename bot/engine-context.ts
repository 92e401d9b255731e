// What every engine verb receives: storage, GitHub, the clock and a logger. Built once per process
// by createEngine (bot/engine.ts); only capabilities (bot/<capability>/) see it, never the faces.
import type { Db, DbHandle } from "../db/client.ts";
import type { Org } from "../db/schema.ts";
import { InvalidInput } from "../model/errors.ts";
import type { GitHubApp, GitHubClient } from "./github/client.ts";

export type EngineLog = {
  debug: (obj: object | string, msg?: string) => unknown;
  info: (obj: object | string, msg?: string) => unknown;
  warn: (obj: object | string, msg?: string) => unknown;
  error: (obj: object | string, msg?: string) => unknown;
};

/** Queues one org's job in the durable scheduler (pg-boss), when this process runs one. */
export type Scheduler = {
  runNow: (job: "sync" | "policy" | "snapshot" | "report", orgLogin: string, data?: { kind?: "full" | "incremental"; trigger?: string }) => Promise<string>;
  /** True when runNow has run the job by the time it resolves (the browser tests' stand-in for pg-boss). */
  inline?: boolean;
};

export type EngineContext = {
  db: Db;
  /** The open storage itself: its kind, and what the job queue needs to share it. */
  storage: DbHandle;
  /** The GitHub App, or an InvalidInput naming what to configure (APP_ID, PRIVATE_KEY…). */
  github: () => GitHubApp;
  /** True when the App is configured in this process (github() will not throw). */
  hasGitHub: () => boolean;
  now: () => Date;
  log: EngineLog;
  /** The scheduler of this process, once started (server); null in the CLI. */
  scheduler: () => Scheduler | null;
};

/** An org row; installationStatus when the caller read it (a DashboardOrg has it). */
type InstalledOrg = Pick<Org, "login" | "installationId"> & { installationStatus?: string | null };

/**
 * The App's installation client for an org that changes something in GitHub, or an InvalidInput
 * saying why there is none (no App in this process, or the installation is not active). `doing`
 * names the action and `command` the CLI command that can do it where the App is configured.
 */
export function installationClient(ctx: EngineContext, { org, doing, command }: { org: InstalledOrg; doing: string; command: string }): GitHubClient {
  if (!ctx.hasGitHub()) {
    // A process with the App half-configured (the CLI) says which variable to set, as it always has.
    try {
      ctx.github();
    } catch (e) {
      if (e instanceof InvalidInput && e.field !== "github") throw e;
    }
    throw new InvalidInput("github", `${doing} needs the GitHub App in this process (APP_ID and PRIVATE_KEY); use \`npx patwarden ${command} --org ${org.login}\` where it is configured`);
  }
  if (!org.installationId || (org.installationStatus !== undefined && org.installationStatus !== "active")) {
    throw new InvalidInput("installation", `the App's installation on ${org.login} is not active, so GitHub would refuse; reinstall or unsuspend it first`);
  }
  return ctx.github().installationOctokit(org.installationId);
}

export const silentLog: EngineLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
