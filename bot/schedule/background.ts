// Work started in this process that its caller does not wait for: what a webhook must not hold the
// delivery for (GitHub gives up after 10 s), e.g. the first sync of a new installation, or a
// dashboard "sync now" when no scheduler runs. Tracked so shutdown and tests can wait for it.
import type { EngineLog } from "../engine-context.ts";

export type BackgroundJobs = {
  run: (name: string, work: () => Promise<unknown>) => void;
  /** Resolves when every job started so far has finished. */
  idle: () => Promise<void>;
};

export function createBackgroundJobs({ log }: { log: Pick<EngineLog, "info" | "error"> }): BackgroundJobs {
  const running = new Set<Promise<unknown>>();
  return {
    run(name, work) {
      const job = work()
        .then(() => log.info({ job: name }, "background job finished"))
        .catch((err: unknown) => log.error({ job: name, err: err instanceof Error ? err.message : String(err) }, "background job failed"))
        .finally(() => running.delete(job));
      running.add(job);
    },
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}
