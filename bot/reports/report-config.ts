// The policy config a report uses when the caller passes none: the org's stored policy file when
// it is valid, the safe defaults otherwise (an invalid file is never applied, not even in part).
// TODO(policies): switch to getEffectivePolicy (bot/policies/index.ts) once it lands.
import type { Db } from "../../db/client.ts";
import { getPolicyConfigRow } from "../../db/queries/policy-configs.ts";
import { DEFAULT_POLICY_CONFIG, policyConfigSchema, type PolicyConfig } from "../policies/config.ts";

export async function loadReportConfig({ db, orgId }: { db: Db; orgId: number }): Promise<PolicyConfig> {
  const row = await getPolicyConfigRow({ db, orgId });
  if (row?.status !== "valid") return DEFAULT_POLICY_CONFIG;
  const parsed = policyConfigSchema.safeParse(row.config);
  return parsed.success ? parsed.data : DEFAULT_POLICY_CONFIG;
}
