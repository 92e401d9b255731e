// "Sync now" for one org: through the durable scheduler when this process runs one (it survives a
// restart, any server may run it, job_states shows it), else in the background of this process.
import type { EngineContext } from "../engine-context.ts";
import { syncOrgs } from "../sync/sync-orgs.ts";

/** Work started here that a caller does not wait for; tracked so shutdown and tests can. */
export function createBackground(ctx: EngineContext) {
  const running = new Set<Promise<unknown>>();
  return {
    run(name: string, work: () => Promise<unknown>): void {
      const job = work()
        .then(() => ctx.log.info({ job: name }, "background job finished"))
        .catch((err: unknown) => ctx.log.error({ job: name, err: err instanceof Error ? err.message : String(err) }, "background job failed"))
        .finally(() => running.delete(job));
      running.add(job);
    },
    async idle(): Promise<void> {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

export type Background = ReturnType<typeof createBackground>;

export async function requestSync(ctx: EngineContext, background: Background, { login, actor }: { login: string; actor: string }): Promise<{ ok: boolean; message: string }> {
  if (!ctx.hasGitHub()) return { ok: false, message: "The GitHub App is not configured on this server." };
  const trigger = `dashboard:${actor}`;
  const scheduler = ctx.scheduler();
  if (scheduler) {
    await scheduler.runNow("sync", login, { kind: "full", trigger });
    return { ok: true, message: scheduler.inline ? `A full sync of ${login} finished.` : `A full sync of ${login} is queued.` };
  }
  const github = ctx.github();
  background.run(`sync ${login}`, () => syncOrgs({ db: ctx.db, github, kind: "full", trigger, login, register: false }));
  return { ok: true, message: `A full sync of ${login} started.` };
}
