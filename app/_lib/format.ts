// Formatting shared by pages: fixed locale and UTC, so the server render and tests agree.
const COUNT = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** A count that stopped at a cap reads "10,000+": at least that many, maybe more. */
export function formatCountAtLeast(n: number, capped: boolean): string {
  return capped ? `${COUNT.format(n)}+` : COUNT.format(n);
}

/** "3 days ago", "in 5 hours", "just now". */
export function formatRelative({ date, now }: { date: Date; now: Date }): string {
  const diff = date.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < 60_000) return "just now";
  const units: [number, string][] = [[365 * 86_400_000, "year"], [30 * 86_400_000, "month"], [86_400_000, "day"], [3_600_000, "hour"], [60_000, "minute"]];
  const [size, name] = units.find(([size]) => abs >= size)!;
  const n = Math.floor(abs / size);
  const text = `${n} ${name}${n === 1 ? "" : "s"}`;
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

/** "2026-11-21 19:58 UTC" */
export function formatDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "850 ms", "12.3 s", "2 min 5 s" */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
