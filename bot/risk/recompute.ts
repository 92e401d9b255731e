// Rescoring every active grant (and SSO credential) of an org: idle days grow and far expiries come closer without
// anything changing on GitHub, so the daily job calls this before the snapshot counts high risk.
import type { Db } from "../../db/client.ts";
import { listCredentialsForRisk, updateCredentialRiskScores } from "../../db/queries/credential-risk.ts";
import { listGrantsForRisk, updateRiskScores } from "../../db/queries/risk.ts";
import { scoreCredential } from "./credential-score.ts";
import { scoreGrant } from "./score.ts";

const BATCH = 1000;

/** Returns how many grants were read and how many scores changed; memory stays at one batch. */
export async function recomputeRiskScores({ db, orgId, now }: { db: Db; orgId: number; now: Date }): Promise<{ scanned: number; changed: number }> {
  let afterId = 0;
  let scanned = 0;
  let changed = 0;
  for (;;) {
    const batch = await listGrantsForRisk({ db, orgId, afterId, limit: BATCH });
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    scanned += batch.length;
    const scores = batch.map((g) => ({ id: g.id, ...scoreGrant(g, now) }));
    changed += await updateRiskScores({ db, orgId, scores });
    if (batch.length < BATCH) break;
  }
  return { scanned, changed };
}

/** The same for the org's active SSO credentials (the daily job runs both). */
export async function recomputeCredentialRiskScores({ db, orgId, now }: { db: Db; orgId: number; now: Date }): Promise<{ scanned: number; changed: number }> {
  let afterId = 0;
  let scanned = 0;
  let changed = 0;
  for (;;) {
    const batch = await listCredentialsForRisk({ db, orgId, afterId, limit: BATCH });
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.credentialId;
    scanned += batch.length;
    const scores = batch.map((c) => ({ credentialId: c.credentialId, ...scoreCredential(c, now) }));
    changed += await updateCredentialRiskScores({ db, orgId, scores });
    if (batch.length < BATCH) break;
  }
  return { scanned, changed };
}
