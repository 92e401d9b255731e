// The orgs page's scheduled-job table: every job of JOB_NAMES in a fixed order, "never run" when
// the scheduler has not recorded it yet, and a badge class from the outcome text.
import type { JobState } from "../../bot/orgs/verbs.ts";
import { JOB_NAMES, type JobName } from "../../model/statuses.ts";

export type JobRow = {
  job: JobName;
  label: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  outcome: string | null;
  tone: "active" | "bad" | "neutral";
  error: string | null;
  nextRunAt: Date | null;
  running: boolean;
};

const LABELS: Record<JobName, string> = { sync: "Sync", snapshot: "Snapshot", policy: "Policy run", report: "Report" };
const GOOD = new Set(["succeeded", "success", "ok", "completed", "skipped"]);
const BAD = new Set(["failed", "failure", "error", "interrupted"]);

export function shapeJobRows(states: Pick<JobState, "job" | "lastStartedAt" | "lastFinishedAt" | "lastOutcome" | "lastError" | "nextRunAt">[]): JobRow[] {
  const byJob = new Map(states.map((s) => [s.job, s]));
  return JOB_NAMES.map((job) => {
    const s = byJob.get(job);
    const outcome = s?.lastOutcome ?? null;
    // Started after it last finished (or never finished): still in flight.
    const running = Boolean(s?.lastStartedAt && (!s.lastFinishedAt || s.lastFinishedAt < s.lastStartedAt));
    return {
      job,
      label: LABELS[job],
      lastStartedAt: s?.lastStartedAt ?? null,
      lastFinishedAt: s?.lastFinishedAt ?? null,
      outcome: running ? "running" : outcome,
      tone: running ? "neutral" : outcome && GOOD.has(outcome) ? "active" : outcome && BAD.has(outcome) ? "bad" : "neutral",
      error: s?.lastError ?? null,
      nextRunAt: s?.nextRunAt ?? null,
      running,
    };
  });
}
