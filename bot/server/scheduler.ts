// A deliberately small scheduler for `start`: an incremental sync of every org each interval and a
// full sweep once a day, one org at a time, never overlapping. Durable pg-boss jobs replace it later.
import type { Db } from "../../db/client.ts";
import type { GitHubApp } from "../github/client.ts";
import type { Logger } from "./log.ts";
import { describeSummary, syncOrgs } from "./sync-orgs.ts";

export type Scheduler = { stop: () => Promise<void>; /** Runs one cycle now (tests, "sync now"). */ runOnce: () => Promise<void> };

export function startScheduler({ db, github, intervalMinutes, log, runAtStart = true }: {
  db: Db; github: GitHubApp; intervalMinutes: number; log: Logger; runAtStart?: boolean;
}): Scheduler {
  const stopping = new AbortController();
  let current: Promise<void> | undefined;
  const cycle = async () => {
    try {
      const { skipped } = await syncOrgs({
        db, github, kind: "auto", trigger: "schedule", signal: stopping.signal,
        onResult: (s) => (s.ok ? log.info({ sync: s }, describeSummary(s)) : log.warn({ sync: s }, describeSummary(s))),
      });
      for (const s of skipped) log.info({ org: s.org, why: s.why }, "scheduled sync skipped");
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err) }, "scheduled sync cycle failed");
    }
  };
  const runOnce = () => (current ??= cycle().finally(() => (current = undefined)));
  const timer = setInterval(() => void runOnce(), intervalMinutes * 60_000);
  timer.unref();
  if (runAtStart) void runOnce();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await current;
    },
  };
}
