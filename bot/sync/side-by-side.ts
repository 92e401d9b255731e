// Runs independent parts of one sync at the same time (the grant, request and member listings
// share nothing until the end). The first failure stops the others at their next checkpoint, and
// every part has settled before this returns or throws: nothing lands after the run is recorded.
import { withPoolCheckpoint, type SyncContext } from "./context.ts";
import { createTaskPool } from "./task-pool.ts";

export async function sideBySide(ctx: SyncContext, parts: ((ctx: SyncContext) => Promise<void>)[]): Promise<void> {
  const pool = createTaskPool({ concurrency: Math.max(parts.length, 1), maxQueued: Math.max(parts.length, 1) });
  const inner = withPoolCheckpoint({ ctx, pool });
  // Every part is queued before any can fail, so each starts, as before.
  await Promise.all(parts.map((run) => pool.push(() => run(inner))));
  await pool.drain();
}
