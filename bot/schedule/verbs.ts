// Engine verbs for jobs: the scheduler's state per org and job, and starting the scheduler (pg-boss)
// in this process. Each verb takes one object and returns plain data (the embedded-mode bridge
// carries both as JSON: bot/engine-wire.ts), except `start`, which returns the running scheduler
// and is only ever called in the process that runs it (never over the bridge).
import { listJobStates } from "../../db/queries/job-states.ts";
import type { JobState } from "../../db/schema.ts";
import type { EngineContext } from "../engine-context.ts";
import { startJobs, type Jobs, type StartJobsHooks, type StartJobsInput } from "./start.ts";

export type { JobState, Jobs, StartJobsHooks, StartJobsInput };
export type { JobOutcome } from "./job-state.ts";
export type { OrgJobData, RetryRule } from "./queues.ts";

export function createJobVerbs(ctx: EngineContext) {
  return {
    /** Every org's scheduled jobs (or one org's): last start and finish, outcome, error, next run. */
    async states({ orgId }: { orgId?: number } = {}): Promise<JobState[]> {
      return listJobStates({ db: ctx.db, orgId });
    },
    /** Starts pg-boss on this engine's storage with every queue's worker; stop() on shutdown. */
    async start(input: StartJobsInput, hooks: StartJobsHooks): Promise<Jobs> {
      return startJobs(ctx, input, hooks);
    },
  };
}
