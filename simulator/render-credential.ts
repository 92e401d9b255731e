// credential-authorization exactly as ghec.json has it (github-pat-api.md §4.1): SSH keys carry
// fingerprint and authorized_credential_title and no token fields; tokens carry token_last_eight,
// scopes, authorized_credential_note and authorized_credential_expires_at and no key fields, as in
// the spec's example items. Checked by test/simulator/credential-openapi.test.ts.
import { iso } from "./render.ts";
import type { SimCredential, SimState } from "./types.ts";

/** ghec.json's credential-authorization (@octokit/openapi-types follows api.github.com, which lacks it). */
export type CredentialAuthorization = {
  login: string;
  credential_id: number;
  credential_type: SimCredential["type"];
  token_last_eight?: string;
  credential_authorized_at: string;
  scopes?: string[];
  fingerprint?: string;
  credential_accessed_at: string | null;
  authorized_credential_id: number | null;
  authorized_credential_title?: string | null;
  authorized_credential_note?: string | null;
  authorized_credential_expires_at?: string | null;
};

export function renderCredential(state: SimState, c: SimCredential): CredentialAuthorization {
  const common = {
    login: state.users.get(c.ownerId)?.login ?? "ghost",
    credential_id: c.id,
    credential_type: c.type,
  };
  const times = {
    credential_authorized_at: iso(c.authorizedAt),
    credential_accessed_at: c.accessedAt === null ? null : iso(c.accessedAt),
    authorized_credential_id: c.credentialId,
  };
  if (c.type === "SSH key") return { ...common, ...times, fingerprint: c.fingerprint ?? "", authorized_credential_title: c.title };
  return {
    ...common,
    token_last_eight: c.tokenLastEight ?? "",
    ...times,
    authorized_credential_expires_at: c.expiresAt === null ? null : iso(c.expiresAt),
    authorized_credential_note: c.note,
    scopes: [...c.scopes],
  };
}
