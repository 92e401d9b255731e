// A small bounded work queue: runs up to `concurrency` tasks, makes producers wait when
// `maxQueued` are waiting (bounded memory on a 10,000-grant sweep), remembers the first failure.
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
  const queue: (() => Promise<void>)[] = [];
  let running = 0;
  let error: unknown = undefined;
  let abandoned = false;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const pump = () => {
    while (!abandoned && error === undefined && running < concurrency && queue.length > 0) {
      const task = queue.shift()!;
      running++;
      task()
        .catch((e: unknown) => {
          if (error === undefined) error = e;
        })
        .finally(() => {
          running--;
          pump();
          wake();
        });
    }
    if (abandoned) queue.length = 0;
  };
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((r) => waiters.push(r));
  };
  return {
    async push(task) {
      await until(() => queue.length < maxQueued || error !== undefined || abandoned);
      if (error !== undefined || abandoned) return;
      queue.push(task);
      pump();
    },
    async drain() {
      await until(() => (running === 0 && queue.length === 0) || error !== undefined);
      if (error !== undefined) {
        abandoned = true;
        queue.length = 0;
        await until(() => running === 0);
        throw error;
      }
    },
    async abandon() {
      abandoned = true;
      queue.length = 0;
      await until(() => running === 0);
    },
    get error() {
      return error;
    },
  };
}
