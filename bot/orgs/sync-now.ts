// "Sync now" for one org: through the durable scheduler when this process runs one (it survives a
// restart, any server may run it, job_states shows it), else in the background of this process.
import type { EngineContext } from "../engine-context.ts";
import type { BackgroundJobs } from "../schedule/background.ts";
import { syncOrgs } from "../sync/sync-orgs.ts";

export async function requestSync(ctx: EngineContext, background: BackgroundJobs, { login, actor }: { login: string; actor: string }): Promise<{ ok: boolean; message: string }> {
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
