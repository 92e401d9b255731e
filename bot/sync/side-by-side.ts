// Runs independent parts of one sync at the same time (the grant, request and member listings
// share nothing until the end). The first failure stops the others at their next checkpoint, and
// every part has settled before this returns or throws: nothing lands after the run is recorded.
import type { SyncContext } from "./context.ts";

export async function sideBySide(ctx: SyncContext, parts: ((ctx: SyncContext) => Promise<void>)[]): Promise<void> {
  let failure: { error: unknown } | undefined;
  const inner: SyncContext = {
    ...ctx,
    checkpoint: () => {
      ctx.checkpoint();
      if (failure) throw failure.error;
    },
  };
  await Promise.allSettled(
    parts.map((run) =>
      run(inner).catch((error: unknown) => {
        failure ??= { error };
        throw error;
      }),
    ),
  );
  if (failure) throw failure.error;
}
