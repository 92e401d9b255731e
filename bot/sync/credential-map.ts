// GitHub's credential-authorization item (@octokit/openapi generated/ghec.json, orgs/list-saml-sso-authorizations) at the edge, and
// the inventory row made of it, scored without membership (the upsert folds owner-left in).
import { z } from "zod";
import type { CredentialFromGitHub } from "../../db/queries/credential-sync.ts";
import { scoreCredential } from "../risk/credential-score.ts";

/** GitHub writes offsets and Z alike; any ISO 8601 date-time. */
const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date-time").transform((s) => new Date(s));

/**
 * Only the fields patwarden stores. `credential_type` stays a string: a type GitHub adds later is
 * stored verbatim, not refused. `id` is the authorization's credential_id, which the page walk keys on.
 */
export const CredentialAuthorizationSchema = z
  .object({
    login: z.string(),
    credential_id: z.number().int(),
    credential_type: z.string(),
    token_last_eight: z.string().nullish(),
    credential_authorized_at: timestamp,
    scopes: z.array(z.string()).nullish(),
    fingerprint: z.string().nullish(),
    credential_accessed_at: timestamp.nullable(),
    authorized_credential_id: z.number().int().nullish(),
    authorized_credential_title: z.string().nullish(),
    authorized_credential_note: z.string().nullish(),
    authorized_credential_expires_at: timestamp.nullish(),
  })
  .transform((c) => ({ ...c, id: c.credential_id }));
export type GitHubCredentialAuthorization = z.output<typeof CredentialAuthorizationSchema>;

export function toCredentialRow({ item, now }: { item: GitHubCredentialAuthorization; now: Date }): CredentialFromGitHub {
  const row = {
    credentialId: item.credential_id,
    login: item.login,
    credentialType: item.credential_type,
    tokenLastEight: item.token_last_eight ?? null,
    scopes: item.scopes ?? [],
    fingerprint: item.fingerprint ?? null,
    authorizedAt: item.credential_authorized_at,
    accessedAt: item.credential_accessed_at,
    authorizedCredentialId: item.authorized_credential_id ?? null,
    title: item.authorized_credential_title ?? null,
    note: item.authorized_credential_note ?? null,
    expiresAt: item.authorized_credential_expires_at ?? null,
  };
  const risk = scoreCredential({ ...row, ownerIsMember: null }, now);
  return { ...row, riskScore: risk.score, riskReasons: risk.reasons };
}
