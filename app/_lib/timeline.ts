// Pure shaping of a grant's timeline: grant_events (first seen, permission / repository / expiry
// changes with before → after, warnings, removal) and the policy warnings on it, oldest first.
import type { GrantEventKind } from "../../model/statuses.ts";

export type TimelineEntry = { at: Date; kind: string; title: string; lines: string[]; tone: "info" | "warn" | "bad" | "ok" };

const TITLES: Record<GrantEventKind, string> = {
  first_seen: "First seen by patwarden",
  permissions_changed: "Permissions changed",
  repositories_changed: "Repositories changed",
  expiry_changed: "Expiry changed",
  warned: "Owner warned by a policy",
  warning_resolved: "Policy warning resolved",
  removed: "Removed",
};
const TONES: Partial<Record<GrantEventKind, TimelineEntry["tone"]>> = { warned: "warn", removed: "bad", warning_resolved: "ok" };

/** A value from an event's details in words: permission maps flattened to name:level, lists joined, dates as UTC. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(describeValue).join(", ");
  if (typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v && typeof v === "object" && !Array.isArray(v)) parts.push(...Object.entries(v as Record<string, unknown>).map(([n, l]) => `${n}:${String(l)}`));
      else parts.push(`${k}: ${describeValue(v)}`);
    }
    return parts.length ? parts.join(", ") : "none";
  }
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return `${value.slice(0, 16).replace("T", " ")} UTC`;
  return String(value);
}

const LABELS: Record<string, string> = {
  rule: "rule", mode: "mode", detail: "why", revokeAfter: "revocation after", reason: "reason", added: "added", removed: "removed",
  owner: "owner", tokenName: "token", expiresAt: "expires", permissions: "permissions", repositorySelection: "repositories",
};

/** before → after first, then added/removed lists, then any other details as "label: value" (run ids are left out). */
export function describeDetails(details: Record<string, unknown>): string[] {
  const lines: string[] = [];
  if ("before" in details || "after" in details) lines.push(`${describeValue(details.before)} → ${describeValue(details.after)}`);
  for (const [k, v] of Object.entries(details)) {
    if (k === "before" || k === "after" || k === "runId") continue;
    lines.push(`${LABELS[k] ?? k}: ${describeValue(v)}`);
  }
  return lines;
}

export function shapeTimeline({ events, warnings }: {
  events: { at: Date; kind: GrantEventKind; details: Record<string, unknown> }[];
  warnings: { rule: string; mode: string; status: string; warnedAt: Date; revokeAfter: Date | null; resolvedAt: Date | null }[];
}): { entries: TimelineEntry[]; openWarnings: string[] } {
  const entries: TimelineEntry[] = events.map((e) => ({
    at: e.at, kind: e.kind, title: TITLES[e.kind] ?? e.kind, lines: describeDetails(e.details), tone: TONES[e.kind] ?? "info",
  }));
  const warned = new Set(events.filter((e) => e.kind === "warned").map((e) => `${String(e.details.rule)}@${e.at.getTime()}`));
  // Warnings recorded before timelines existed (no "warned" event) still belong on the timeline.
  for (const w of warnings) {
    if (warned.has(`${w.rule}@${w.warnedAt.getTime()}`)) continue;
    entries.push({
      at: w.warnedAt, kind: "warned", title: TITLES.warned, tone: "warn",
      lines: [`rule: ${w.rule} (${w.mode})`, w.revokeAfter ? `revocation after: ${describeValue(w.revokeAfter.toISOString())}` : "notice only", `status: ${w.status}`],
    });
  }
  entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  const openWarnings = warnings.filter((w) => w.status === "open").map((w) =>
    `${w.rule}: ${w.revokeAfter ? `revocation after ${describeValue(w.revokeAfter.toISOString())}` : "owner warned (notice only)"}`);
  return { entries, openWarnings };
}
