// Who reported an audit entry and through what: the entry's own actor, then every source linked to
// it later (a decision made in patwarden, then reported by GitHub's webhook, is one entry).
import type { AuditEntry, AuditSource } from "../../db/schema.ts";

/** actor_type → the way in, as people name it. */
const VIA: Record<string, string> = { user: "dashboard", cli: "CLI", webhook: "GitHub", app: "patwarden", scheduler: "schedule" };

/** `reason` only on linked sources (the entry's own is its reason column): a review recorded after GitHub's webhook keeps its reason here. */
export type AuditEntrySource = { actor: string; via: string; deliveryId: string | null; at: Date; reason: string | null };

export function sourcesOf(entry: AuditEntry, linked: AuditSource[]): AuditEntrySource[] {
  const own = entry.details?.deliveryId;
  return [
    { actor: entry.actor, via: VIA[entry.actorType] ?? entry.actorType, deliveryId: typeof own === "string" ? own : null, at: entry.at, reason: null },
    ...linked.map((s) => ({ actor: s.actor, via: VIA[s.actorType] ?? s.actorType, deliveryId: s.deliveryId, at: s.at, reason: s.reason })),
  ];
}

/** "alice via dashboard; patwarden[bot] via GitHub (delivery 72d3…)" — the page's and the CSV's sources column. */
export function describeSources(sources: AuditEntrySource[]): string {
  return sources.map((s) => `${s.actor} via ${s.via}${s.deliveryId ? ` (delivery ${s.deliveryId})` : ""}${s.reason ? ` (reason: ${s.reason})` : ""}`).join("; ");
}
