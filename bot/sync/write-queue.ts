// Writes that run one after another behind the work that produced them (a grant page's rows while
// the walk reads on, a batch of repository listings while the listings go on), so the database's
// time stays off the path of the GitHub calls. At most `depth` writes wait (bounded memory), they
// land in the order they were queued, and after a failure none of the later ones starts.
export type WriteQueue = {
  /** Queues a write; resolves once it is queued (waits while `depth` are pending). Throws once one failed. */
  push: (write: () => Promise<void>) => Promise<void>;
  /** Waits for every write queued so far; throws the first failure. */
  drain: () => Promise<void>;
  /** Waits for every write queued so far to settle, ignoring failures (before a failed run is recorded). */
  settle: () => Promise<void>;
  readonly error: unknown;
};

export function createWriteQueue({ depth }: { depth: number }): WriteQueue {
  /** The last queued write, settled either way (never rejects). */
  let tail: Promise<void> = Promise.resolve();
  /** Queued or running writes, oldest first. */
  const pending: Promise<void>[] = [];
  let error: unknown = undefined;
  return {
    async push(write) {
      while (pending.length >= depth && error === undefined) await pending[0];
      if (error !== undefined) throw error;
      const done: Promise<void> = tail
        .then(() => (error === undefined ? write() : undefined))
        .catch((e: unknown) => {
          if (error === undefined) error = e;
        })
        .finally(() => void pending.splice(pending.indexOf(done), 1));
      tail = done;
      pending.push(done);
    },
    async drain() {
      await tail;
      if (error !== undefined) throw error;
    },
    async settle() {
      await tail;
    },
    get error() {
      return error;
    },
  };
}
