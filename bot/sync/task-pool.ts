// A bounded work queue on p-limit: runs up to `concurrency` tasks, makes producers wait when
// `maxQueued` are waiting (bounded memory on a 10,000-grant sweep), remembers the first failure.
import pLimit from "p-limit";

export type TaskPool = {
  /** Queues a task; resolves once it is queued (waits while the queue is full). */
  push: (task: () => Promise<void>) => Promise<void>;
  /** Waits for every task; throws the first failure. */
  drain: () => Promise<void>;
  /** Stops starting queued tasks and waits for running ones, ignoring their failures. */
  abandon: () => Promise<void>;
  readonly error: unknown;
};

export function createTaskPool({ concurrency, maxQueued }: { concurrency: number; maxQueued: number }): TaskPool {
  // rejectOnClear: tasks dropped from the queue settle (ignored below) rather than hang `settle`.
  const limit = pLimit({ concurrency, rejectOnClear: true });
  /** Queued and running tasks, oldest first; none of these promises rejects. */
  const tasks = new Set<Promise<void>>();
  let error: unknown = undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    limit.clearQueue();
  };
  const settle = async () => {
    while (tasks.size > 0) await Promise.all(tasks);
  };
  return {
    async push(task) {
      // The queue is first in, first out: once the oldest task settles, a place is free.
      while (limit.pendingCount >= maxQueued && !stopped) await tasks.values().next().value;
      if (stopped) return;
      const settled: Promise<void> = limit(async () => {
        if (stopped) return;
        try {
          await task();
        } catch (e) {
          if (error === undefined) error = e;
          if (error !== undefined) stop();
        }
      })
        .catch(() => {}) // cleared from the queue: never started
        .finally(() => tasks.delete(settled));
      tasks.add(settled);
    },
    async drain() {
      await settle();
      if (error !== undefined) throw error;
    },
    async abandon() {
      stop();
      await settle();
    },
    get error() {
      return error;
    },
  };
}
