// The policy an org runs under, as last loaded from GitHub: the dashboard, runs, and request
// auto-review all read it from here so they agree on one stored state.
import type { Db } from "../../db/client.ts";
import { getPolicyConfigRow } from "../../db/queries/policy-configs.ts";
import type { PolicyConfigStatus } from "../../model/statuses.ts";
import { DEFAULT_POLICY_CONFIG, policyConfigSchema, POLICY_FILE, type PolicyConfig, type PolicyConfigError } from "./config.ts";

export type EffectivePolicy = {
  /** default: no file (safe defaults, report only); valid: the file applies; invalid: runs are skipped. */
  status: PolicyConfigStatus;
  /** The rules that apply; DEFAULT_POLICY_CONFIG when there is no file (and, for reading only, when it is invalid). */
  config: PolicyConfig;
  errors: PolicyConfigError[];
  sha: string | null;
  source: string | null;
  repository: string;
  path: string;
  /** null when the file was never loaded. */
  loadedAt: Date | null;
};

export async function getEffectivePolicy({ db, orgId }: { db: Db; orgId: number }): Promise<EffectivePolicy> {
  const row = await getPolicyConfigRow({ db, orgId });
  const base = { repository: POLICY_FILE.repository, path: POLICY_FILE.path };
  if (!row) return { ...base, status: "default", config: DEFAULT_POLICY_CONFIG, errors: [], sha: null, source: null, loadedAt: null };
  // Stored configs were valid when written; parsing again fills defaults added since (older rows).
  const parsed = row.status === "valid" ? policyConfigSchema.safeParse(row.config) : null;
  const config = parsed?.success ? parsed.data : DEFAULT_POLICY_CONFIG;
  return {
    repository: row.repository, path: row.path, status: row.status, config, errors: row.errors,
    sha: row.sha, source: row.source, loadedAt: row.loadedAt,
  };
}
