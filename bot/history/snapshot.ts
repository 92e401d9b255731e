// Today's inventory snapshot for one org: the daily point of the trend charts (counts in SQL).
import type { Db } from "../../db/client.ts";
import { countSnapshot, saveSnapshot } from "../../db/queries/snapshots.ts";
import type { InventorySnapshot } from "../../db/schema.ts";

/** Upserts the org's row for `now`'s UTC day, so a rerun the same day replaces it rather than adding one. */
export async function takeSnapshot({ db, orgId, now = new Date() }: { db: Db; orgId: number; now?: Date }): Promise<InventorySnapshot> {
  const counts = await countSnapshot({ db, orgId, now });
  return saveSnapshot({ db, orgId, now, counts });
}
