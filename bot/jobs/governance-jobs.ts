// The policy run after each scheduled sync, and the scheduled compliance report.
import type { Db } from "../../db/client.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import type { GitHubApp } from "../github/client.ts";
import { getEffectivePolicy, loadPolicyConfig, runPolicies } from "../policies/index.ts";
import { generateReport } from "../reports/index.ts";
import type { Logger } from "../server/log.ts";
import type { JobOutcome } from "../schedule/job-state.ts";
import type { OrgJobData } from "../schedule/queues.ts";
import { nextReportAt } from "../schedule/report-schedule.ts";

export const SCHEDULE_ACTOR = "patwarden[schedule]";
const POLICY_FILE_MAX_AGE_MS = 86_400_000;

type Deps = { db: Db; github: GitHubApp; log: Logger; data: OrgJobData };

async function installedOrg({ db, data }: Pick<Deps, "db" | "data">) {
  const org = await getOrg({ db, orgId: data.orgId });
  return org?.installationId ? { ...org, installationId: org.installationId } : undefined;
}

/**
 * Runs the org's policies for real (the file decides report / notify / revoke). The push webhook
 * keeps the stored policy file current; a copy older than a day (or none: installed after the file
 * was written) is read again first, and if GitHub cannot be reached the stored copy is used.
 */
export async function runPolicyJob({ db, github, log, data, webhookAllowedHosts }: Deps & { webhookAllowedHosts?: readonly string[] }): Promise<JobOutcome> {
  const org = await installedOrg({ db, data });
  if (!org) return { outcome: "skipped", note: "org no longer installed" };
  const octokit = github.installationOctokit(org.installationId);
  const ref = { id: org.id, login: org.login };
  const stored = await getEffectivePolicy({ db, orgId: org.id });
  if (!stored.loadedAt || Date.now() - stored.loadedAt.getTime() > POLICY_FILE_MAX_AGE_MS) {
    await loadPolicyConfig({ db, octokit, org: ref }).catch((err: unknown) =>
      log.warn({ org: org.login, err: err instanceof Error ? err.message : String(err) }, "could not re-read the policy file; using the stored one"),
    );
  }
  const result = await runPolicies({ db, octokit, org: ref, dryRun: false, trigger: "schedule", actor: SCHEDULE_ACTOR, webhookAllowedHosts });
  if (result.status === "failed") throw new Error(result.errors.join("; ") || "policy run failed");
  if (result.skippedReason) return { outcome: "skipped", note: result.skippedReason };
  const note = `run ${result.runId}, ${result.items.length} items${result.errors.length ? `, ${result.errors.length} problems: ${result.errors[0]}` : ""}`;
  return { outcome: "succeeded", note };
}

/** Generates, stores and delivers the org's report; a delivery problem is recorded on the report, not retried. */
export async function runReportJob({ db, github, data }: Deps): Promise<JobOutcome> {
  const org = await installedOrg({ db, data });
  if (!org) return { outcome: "skipped", note: "org no longer installed" };
  const now = new Date();
  const { report, delivery } = await generateReport({
    db, octokit: github.installationOctokit(org.installationId), org: { id: org.id, login: org.login }, now,
    trigger: "schedule", requestedBy: SCHEDULE_ACTOR,
  });
  const { config } = await getEffectivePolicy({ db, orgId: org.id });
  const problems = delivery?.errors?.length ? `, delivery failed: ${delivery.errors[0]}` : "";
  return { outcome: "succeeded", note: `report ${report.id}${problems}`, nextRunAt: nextReportAt({ schedule: config.reports.schedule, now }) };
}
