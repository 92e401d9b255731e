// Control methods for SSO credential authorizations ("as if done in GitHub's UI"): turn SSO on or
// off, read the list exactly as GET /orgs/{org}/credential-authorizations serves it (every page,
// same order), add, change and remove authorizations. Field names follow the REST object.
import { z } from "zod";
import { parseInput, SimControlError, ownerIdFor } from "./control-input.ts";
import { removeCredential } from "./operations.ts";
import { renderCredential, type CredentialAuthorization } from "./render-credential.ts";
import { generateCredential } from "./seed-credentials.ts";
import type { SimCredential, SimOrg, SimState } from "./types.ts";

const when = z.union([z.string(), z.date(), z.number()]);
export const CredentialPatchSchema = z.object({
  /** Owner login; a new login becomes a member, as for grants. */
  login: z.string().min(1).optional(),
  credential_type: z.enum(["personal access token", "SSH key", "OAuth app token", "GitHub app token"]).optional(),
  token_last_eight: z.string().length(8).optional(),
  scopes: z.array(z.string()).optional(),
  fingerprint: z.string().min(1).optional(),
  authorized_credential_id: z.number().int().positive().optional(),
  authorized_credential_title: z.string().nullable().optional(),
  authorized_credential_note: z.string().nullable().optional(),
  authorized_credential_expires_at: when.nullable().optional(),
  credential_authorized_at: when.optional(),
  credential_accessed_at: when.nullable().optional(),
}).strict();
export type CredentialPatch = z.input<typeof CredentialPatchSchema>;

function toMs(value: string | Date | number, field: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (Number.isNaN(ms)) throw new SimControlError(422, `${field}: not a date`);
  return Math.floor(ms / 1000) * 1000;
}

function applyCredentialPatch(state: SimState, org: SimOrg, c: SimCredential, p: z.output<typeof CredentialPatchSchema>): void {
  if (p.login !== undefined) c.ownerId = ownerIdFor(state, org, p.login);
  if (p.token_last_eight !== undefined) c.tokenLastEight = p.token_last_eight;
  if (p.scopes !== undefined) c.scopes = [...p.scopes];
  if (p.fingerprint !== undefined) c.fingerprint = p.fingerprint;
  if (p.authorized_credential_id !== undefined) c.credentialId = p.authorized_credential_id;
  if (p.authorized_credential_title !== undefined) c.title = p.authorized_credential_title;
  if (p.authorized_credential_note !== undefined) c.note = p.authorized_credential_note;
  if (p.authorized_credential_expires_at !== undefined) c.expiresAt = p.authorized_credential_expires_at === null ? null : toMs(p.authorized_credential_expires_at, "authorized_credential_expires_at");
  if (p.credential_authorized_at !== undefined) c.authorizedAt = toMs(p.credential_authorized_at, "credential_authorized_at");
  if (p.credential_accessed_at !== undefined) c.accessedAt = p.credential_accessed_at === null ? null : toMs(p.credential_accessed_at, "credential_accessed_at");
}

export function createCredentialControl({ state, orgOf }: { state: SimState; orgOf: (login: string) => SimOrg }) {
  const randomMember = (org: SimOrg): number => {
    const ids = [...org.members.keys()];
    return ids[state.rng.int(0, ids.length - 1)]!;
  };
  return {
    /** The org's authorizations exactly as GitHub's list serves them, every page in order ([] without SSO). */
    credentials: (login: string): CredentialAuthorization[] => orgOf(login).credentials.all().map((c) => renderCredential(state, c)),
    /** SAML SSO on or off; turning it off keeps the authorizations (the list answers 404 meanwhile). */
    setSso(login: string, enabled: boolean): { sso: boolean } {
      if (typeof enabled !== "boolean") throw new SimControlError(422, "enabled must be true or false");
      const org = orgOf(login);
      org.sso = enabled;
      return { sso: org.sso };
    },
    /** A new authorization (random type and fields unless given), authorized now unless `credential_authorized_at`. */
    addCredential(login: string, partial?: CredentialPatch): CredentialAuthorization {
      const org = orgOf(login);
      const patch = parseInput(CredentialPatchSchema, partial);
      const nowMs = state.now().getTime();
      const ownerId = patch.login ? ownerIdFor(state, org, patch.login) : randomMember(org);
      const credential = generateCredential({ state, rng: state.rng, nowMs, ownerId, type: patch.credential_type });
      credential.authorizedAt = Math.floor(nowMs / 1000) * 1000;
      if (credential.accessedAt !== null && credential.accessedAt < credential.authorizedAt) credential.accessedAt = null;
      applyCredentialPatch(state, org, credential, patch);
      org.credentials.insert(credential);
      return renderCredential(state, credential);
    },
    updateCredential(login: string, credentialId: number, patch: CredentialPatch): CredentialAuthorization {
      const org = orgOf(login);
      const valid = parseInput(CredentialPatchSchema, patch);
      if (valid.credential_type !== undefined) throw new SimControlError(422, "credential_type cannot change; remove and add instead");
      const current = org.credentials.get(credentialId);
      if (!current) throw new SimControlError(404, `no credential authorization ${credentialId} in ${org.login}`);
      const draft = { ...current, scopes: [...current.scopes] };
      applyCredentialPatch(state, org, draft, valid);
      Object.assign(current, draft);
      return renderCredential(state, current);
    },
    removeCredential(login: string, credentialId: number): void {
      const org = orgOf(login);
      if (!removeCredential(org, credentialId)) throw new SimControlError(404, `no credential authorization ${credentialId} in ${org.login}`);
    },
  };
}
