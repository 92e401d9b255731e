// Shared pieces for the job tests: a simulator, a fresh database, the App client, quick retries.
import type { DbHandle } from "../../db/client.ts";
import { listJobStates } from "../../db/queries/job-states.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import type { JobState, Org } from "../../db/schema.ts";
import type { JobName } from "../../model/statuses.ts";
import { createEngine } from "../../bot/engine.ts";
import { createGitHubApp, type GitHubApp } from "../../bot/github/client.ts";
import { startJobs, type Jobs } from "../../bot/jobs/index.ts";
import { createLogger } from "../../bot/server/log.ts";
import type { Simulator, SimOrgSpec } from "../../simulator/index.ts";
import { createTestDb } from "../helpers/db.ts";
import { withSimulator } from "../helpers/sim.ts";

export const JOB_ORGS: SimOrgSpec[] = [{ login: "acme", grants: 25, requests: 3 }, { login: "globex", grants: 8, requests: 3 }];
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export type JobBench = { sim: Simulator; handle: DbHandle; github: GitHubApp; close: () => Promise<void> };

export async function createJobBench({ orgs = JOB_ORGS }: { orgs?: SimOrgSpec[] } = {}): Promise<JobBench> {
  const sim = await withSimulator({ orgs });
  const handle = await createTestDb();
  const github = createGitHubApp({
    appId: sim.app.id, privateKey: sim.app.privateKey, baseUrl: `${sim.apiUrl}`, retryBaseMs: 10, requestTimeoutMs: 5000, log: quiet,
  });
  return { sim, handle, github, close: async () => { await handle.close(); await sim.close(); } };
}

/** A runner with test-sized timings: polls every half second, retries after one second. */
export function startTestJobs(bench: JobBench, { retryLimit = 2 }: { retryLimit?: number } = {}): Promise<Jobs> {
  const log = createLogger({ level: "silent" });
  return startJobs({
    engine: createEngine({ db: bench.handle, github: bench.github, log }), env: { SYNC_INTERVAL_MINUTES: 60 }, log,
    retry: { retryLimit, retryDelay: 1, retryBackoff: false }, pollingIntervalSeconds: 0.5, graceMs: 5000,
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function orgOf(bench: JobBench, login: string): Promise<Org> {
  const org = await findOrgByLogin({ db: bench.handle.db, login });
  if (!org) throw new Error(`org ${login} not registered`);
  return org;
}

export async function jobState(bench: JobBench, orgId: number, job: JobName): Promise<JobState | undefined> {
  return (await listJobStates({ db: bench.handle.db, orgId })).find((s) => s.job === job);
}
