// The policy config a report uses when the caller passes none: the org's effective policy (its
// valid policy file, or the safe defaults; an invalid file is never applied, not even in part).
import type { Db } from "../../db/client.ts";
import { getEffectivePolicy, type PolicyConfig } from "../policies/index.ts";

export async function loadReportConfig({ db, orgId }: { db: Db; orgId: number }): Promise<PolicyConfig> {
  return (await getEffectivePolicy({ db, orgId })).config;
}
