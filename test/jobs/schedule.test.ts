// The pure time arithmetic behind the schedule: report periods, sync slots, the snapshot time.
import { describe, expect, it } from "vitest";
import { isReportDue, nextReportAt, reportPeriodStart } from "../../bot/schedule/report-schedule.ts";
import { keepCompletedSeconds, nextSlotStart, snapshotRunAt } from "../../bot/schedule/queues.ts";

const now = new Date("2026-11-19T15:30:00Z"); // a Thursday
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("report periods", () => {
  it("start at UTC midnight, on Mondays, on the 1st; none when off", () => {
    expect(iso(reportPeriodStart({ schedule: "daily", now }))).toBe("2026-11-19T00:00:00.000Z");
    expect(iso(reportPeriodStart({ schedule: "weekly", now }))).toBe("2026-11-16T00:00:00.000Z");
    expect(iso(reportPeriodStart({ schedule: "weekly", now: new Date("2026-11-22T23:59:00Z") }))).toBe("2026-11-16T00:00:00.000Z"); // Sunday
    expect(iso(reportPeriodStart({ schedule: "monthly", now }))).toBe("2026-11-01T00:00:00.000Z");
    expect(reportPeriodStart({ schedule: "off", now })).toBeNull();
    expect(iso(nextReportAt({ schedule: "weekly", now }))).toBe("2026-11-23T00:00:00.000Z");
    expect(iso(nextReportAt({ schedule: "monthly", now: new Date("2026-12-05T00:00:00Z") }))).toBe("2027-01-01T00:00:00.000Z");
  });

  it("a report is due when none succeeded since the period began", () => {
    expect(isReportDue({ schedule: "weekly", now, lastSucceededAt: null })).toBe(true);
    expect(isReportDue({ schedule: "weekly", now, lastSucceededAt: new Date("2026-11-15T23:00:00Z") })).toBe(true);
    expect(isReportDue({ schedule: "weekly", now, lastSucceededAt: new Date("2026-11-16T00:01:00Z") })).toBe(false);
    expect(isReportDue({ schedule: "off", now, lastSucceededAt: null })).toBe(false);
  });
});

describe("slots", () => {
  it("align to the clock like pg-boss's singletonSeconds, and keep completed jobs at least a slot", () => {
    expect(iso(nextSlotStart({ now, seconds: 3600 }))).toBe("2026-11-19T16:00:00.000Z");
    expect(iso(nextSlotStart({ now, seconds: 900 }))).toBe("2026-11-19T15:45:00.000Z");
    expect(iso(snapshotRunAt({ now }))).toBe("2026-11-19T23:55:00.000Z");
    expect(keepCompletedSeconds({ intervalMinutes: 60 })).toBe(2 * 86_400);
    expect(keepCompletedSeconds({ intervalMinutes: 3 * 1440 })).toBe(3 * 86_400 + 3600);
  });
});
