// One sync per org at a time, across processes: a lease in orgs.sync_lock_*, renewed while the
// sync runs. A holder that died stops renewing and its lease expires for the next one to take.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.ts";
import { acquireSyncLease, getSyncLease, releaseSyncLease, renewSyncLease } from "../../db/queries/orgs.ts";
import { Conflict } from "../../model/errors.ts";
import type { OrgRef, SyncLog } from "./context.ts";

export const DEFAULT_LEASE_TTL_MS = 60_000;

const HOST = hostname();
/** Leases this process holds right now. */
const heldHere = new Set<string>();

/**
 * A lease named after this host whose holder cannot be running: this process, but not held here (its
 * release failed, e.g. the database was away), or a process of this host that is gone (killed).
 * Taking it over at once spares the next sync a wait of up to the TTL.
 */
function orphaned(owner: string | null): boolean {
  const [host, pid] = (owner ?? "").split(":");
  if (!owner || host !== HOST || !/^\d+$/.test(pid ?? "")) return false;
  if (Number(pid) === process.pid) return !heldHere.has(owner);
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export type OrgLease = {
  /** Throws Conflict once the lease was lost (another process took it over after it expired). */
  check: () => void;
  release: () => Promise<void>;
};

export async function takeOrgLease({ db, org, ttlMs = DEFAULT_LEASE_TTL_MS, log }: {
  db: Db; org: OrgRef; ttlMs?: number; log: SyncLog;
}): Promise<OrgLease | { busy: Conflict }> {
  const owner = `${HOST}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let acquired = await acquireSyncLease({ db, orgId: org.id, owner, ttlMs });
  if (!acquired) {
    const stale = await getSyncLease({ db, orgId: org.id });
    if (orphaned(stale.owner)) {
      log.warn(`taking over the sync lease of ${org.login} left by ${stale.owner}, which is not running`);
      await releaseSyncLease({ db, orgId: org.id, owner: stale.owner! });
      acquired = await acquireSyncLease({ db, orgId: org.id, owner, ttlMs });
    }
  }
  if (!acquired) {
    const held = await getSyncLease({ db, orgId: org.id });
    return {
      busy: new Conflict(
        `another sync of ${org.login} is running (${held.owner ?? "unknown holder"}, lease until ${held.until?.toISOString() ?? "?"}); wait for it to finish`,
      ),
    };
  }
  heldHere.add(owner);
  let lost = false;
  const timer = setInterval(() => {
    renewSyncLease({ db, orgId: org.id, owner, ttlMs })
      .then((ok) => {
        if (!ok) lost = true;
      })
      .catch((e: unknown) => log.warn(`could not renew the sync lease of ${org.login}: ${String(e)}`));
  }, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    check() {
      if (lost) throw new Conflict(`lost the sync lease of ${org.login} to another process; stopped without writing further`);
    },
    async release() {
      clearInterval(timer);
      heldHere.delete(owner);
      // A failed release (database away) must not hide the sync's own outcome; the lease is then
      // orphaned and the next sync here takes it over.
      await releaseSyncLease({ db, orgId: org.id, owner }).catch((e: unknown) => log.warn(`could not release the sync lease of ${org.login}: ${String(e)}`));
    },
  };
}
