// What a page upsert changed, as timeline events: first sighting, and before/after of the
// permissions, the repository selection and the expiry. Pure, so the mapping is unit-tested.
import type { NewGrantEventInput } from "../../db/queries/grant-events.ts";
import type { GrantChange } from "../../db/queries/grant-sync.ts";

export function toGrantEvents({ orgId, changes, at }: { orgId: number; changes: GrantChange[]; at: Date }): NewGrantEventInput[] {
  const events: NewGrantEventInput[] = [];
  for (const c of changes) {
    const base = { orgId, grantId: c.id, at };
    if (c.inserted) {
      events.push({ ...base, kind: "first_seen", details: {
        tokenName: c.tokenName, owner: c.ownerLogin, permissions: c.permissions, repositorySelection: c.repositorySelection, expiresAt: c.tokenExpiresAt,
      } });
      continue;
    }
    if (!c.before) continue;
    if (c.permissionsChanged) events.push({ ...base, kind: "permissions_changed", details: { before: c.before.permissions, after: c.permissions } });
    // A selection change (all ↔ subset ↔ none) is a change of the repositories the token reaches.
    if (c.selectionChanged) {
      events.push({ ...base, kind: "repositories_changed", details: { before: { selection: c.before.repositorySelection }, after: { selection: c.repositorySelection } } });
    }
    if (c.expiryChanged) events.push({ ...base, kind: "expiry_changed", details: { before: c.before.tokenExpiresAt, after: c.tokenExpiresAt } });
  }
  return events;
}
