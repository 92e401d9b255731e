// When a scheduled report is due: once per period of the policy file's `reports.schedule`
// (UTC days; weeks start on Monday; months on the 1st), at the first tick of the period.
import type { PolicyConfig } from "../policies/index.ts";

export type ReportSchedule = PolicyConfig["reports"]["schedule"];

/** Start of the period `now` falls in, or null when reports are off. */
export function reportPeriodStart({ schedule, now }: { schedule: ReportSchedule; now: Date }): Date | null {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (schedule === "daily") return new Date(day);
  if (schedule === "weekly") return new Date(day - ((now.getUTCDay() + 6) % 7) * 86_400_000);
  if (schedule === "monthly") return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return null;
}

/** Start of the period after the one `now` falls in (the next scheduled report), or null when off. */
export function nextReportAt({ schedule, now }: { schedule: ReportSchedule; now: Date }): Date | null {
  const start = reportPeriodStart({ schedule, now });
  if (!start) return null;
  if (schedule === "daily") return new Date(start.getTime() + 86_400_000);
  if (schedule === "weekly") return new Date(start.getTime() + 7 * 86_400_000);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** Due when no scheduled report succeeded since the period began. */
export function isReportDue({ schedule, now, lastSucceededAt }: { schedule: ReportSchedule; now: Date; lastSucceededAt: Date | null }): boolean {
  const start = reportPeriodStart({ schedule, now });
  return start !== null && (!lastSucceededAt || lastSucceededAt < start);
}
