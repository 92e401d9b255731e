// One sync per org at a time, across processes: a lease in orgs.sync_lock_*, renewed while the
// sync runs. A holder that died stops renewing and its lease expires for the next one to take.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.ts";
import { acquireSyncLease, getSyncLease, releaseSyncLease, renewSyncLease } from "../../db/queries/orgs.ts";
import { Conflict } from "../errors.ts";
import type { OrgRef, SyncLog } from "./context.ts";

export const DEFAULT_LEASE_TTL_MS = 60_000;

export type OrgLease = {
  /** Throws Conflict once the lease was lost (another process took it over after it expired). */
  check: () => void;
  release: () => Promise<void>;
};

export async function takeOrgLease({ db, org, ttlMs = DEFAULT_LEASE_TTL_MS, log }: {
  db: Db; org: OrgRef; ttlMs?: number; log: SyncLog;
}): Promise<OrgLease | { busy: Conflict }> {
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  if (!(await acquireSyncLease({ db, orgId: org.id, owner, ttlMs }))) {
    const held = await getSyncLease({ db, orgId: org.id });
    return {
      busy: new Conflict(
        `another sync of ${org.login} is running (${held.owner ?? "unknown holder"}, lease until ${held.until?.toISOString() ?? "?"}); wait for it to finish`,
      ),
    };
  }
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
      await releaseSyncLease({ db, orgId: org.id, owner });
    },
  };
}
