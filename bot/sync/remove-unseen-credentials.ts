// Removal after a completed credential listing. GitHub does not document the list's order, so a
// credential removed while we walked could shift another past us: before removing what the sweep
// missed, each missed owner's authorizations are listed once more with `login` (one call per owner,
// at most VERIFY_LOGINS_MAX owners a sweep; past that, a mass removal, the completed listing is trusted).
import { listUnseenActiveCredentials, removeCredentials, upsertCredentials, type UnseenCredential } from "../../db/queries/credential-sync.ts";
import type { RemovalReason } from "../../model/statuses.ts";
import type { SyncContext } from "./context.ts";
import { listOwnerCredentials } from "./credential-list.ts";
import { toCredentialRow } from "./credential-map.ts";

export const VERIFY_LOGINS_MAX = 50;
const CHUNK = 100;

export async function removeUnseenCredentials({ ctx, login }: {
  ctx: SyncContext;
  /** Limit to one owner's credentials (after a `login`-filtered listing, which needs no second look). */
  login?: string;
}): Promise<number> {
  const verified = new Map<string, Set<number>>();
  let afterId = 0;
  let removed = 0;
  for (;;) {
    ctx.checkpoint();
    const chunk = await listUnseenActiveCredentials({ db: ctx.db, orgId: ctx.org.id, runId: ctx.runId, afterId, limit: CHUNK, login });
    if (chunk.length === 0) break;
    afterId = chunk[chunk.length - 1]!.credentialId;
    if (!login) await verifyOwners({ ctx, chunk, verified });
    const now = ctx.now();
    const gone = chunk.filter((c) => !verified.get(c.login.toLowerCase())?.has(c.credentialId));
    const removals = gone.map((c) => ({ credentialId: c.credentialId, reason: (c.expiresAt && c.expiresAt <= now ? "expired" : "revoked_elsewhere") as RemovalReason }));
    removed += await removeCredentials({ db: ctx.db, orgId: ctx.org.id, removals, now });
    if (chunk.length < CHUNK) break;
  }
  return removed;
}

/** Lists each not-yet-verified owner of `chunk` with `login`; what GitHub still shows is written back as seen. */
async function verifyOwners({ ctx, chunk, verified }: { ctx: SyncContext; chunk: UnseenCredential[]; verified: Map<string, Set<number>> }): Promise<void> {
  for (const owner of new Set(chunk.map((c) => c.login))) {
    const key = owner.toLowerCase();
    if (verified.has(key) || verified.size >= VERIFY_LOGINS_MAX) continue;
    const items = await listOwnerCredentials({ ctx, owner });
    verified.set(key, new Set(items.map((i) => i.credential_id)));
    const now = ctx.now();
    await upsertCredentials({ db: ctx.db, orgId: ctx.org.id, rows: items.map((item) => toCredentialRow({ item, now })), runId: ctx.runId, now });
  }
}
