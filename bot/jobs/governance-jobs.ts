// The policy run after each scheduled sync, and the scheduled compliance report: pg-boss workers'
// bodies, each one engine verb (bot/policies/verbs.ts, bot/reports/verbs.ts).
import type { Engine } from "../engine.ts";
import type { Logger } from "../server/log.ts";
import type { JobOutcome } from "../schedule/job-state.ts";
import type { OrgJobData } from "../schedule/queues.ts";
import { nextReportAt } from "../schedule/report-schedule.ts";

export const SCHEDULE_ACTOR = "patwarden[schedule]";

/**
 * Runs the org's policies for real (the file decides report / notify / revoke). The push webhook
 * keeps the stored policy file current; the verb reads a copy older than a day again first, and
 * if GitHub cannot be reached the stored copy is used.
 */
export async function runPolicyJob({ engine, log, data, webhookAllowedHosts }: {
  engine: Engine; log: Logger; data: OrgJobData; webhookAllowedHosts?: readonly string[];
}): Promise<JobOutcome> {
  const { outcome, note, reloadError } = await engine.policies.runScheduled({ orgId: data.orgId, actor: SCHEDULE_ACTOR, webhookAllowedHosts });
  if (reloadError !== null) log.warn({ org: data.login, err: reloadError }, "could not re-read the policy file; using the stored one");
  return { outcome, note };
}

/** Generates, stores and delivers the org's report; a delivery problem is recorded on the report, not retried. */
export async function runReportJob({ engine, data }: { engine: Engine; log?: Logger; data: OrgJobData }): Promise<JobOutcome> {
  const result = await engine.reports.runScheduled({ orgId: data.orgId, requestedBy: SCHEDULE_ACTOR });
  if (result.outcome === "skipped") return result;
  return { outcome: "succeeded", note: result.note, nextRunAt: nextReportAt({ schedule: result.schedule, now: result.generatedAt }) };
}
