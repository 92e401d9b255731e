// What offboarding a person would remove, org by org: their active grants (bulk calls of ≤ 100)
// and their SSO credential authorizations (one DELETE each) where the org's credential source is
// available. Reads only; the preview and the job are built from the same plan.
import type { Db } from "../../db/client.ts";
import { listActiveGrantsOwnedBy } from "../../db/queries/offboardings.ts";
import { findOrgByLogin, listOrgs } from "../../db/queries/orgs.ts";
import { findOverlappingJobs } from "../../db/queries/revocation-overlap.ts";
import { listActiveCredentialsOf, type SelectedCredential } from "../../db/queries/revocation-credentials.ts";
import type { SelectedGrant } from "../../db/queries/revocations.ts";
import type { Org } from "../../db/schema.ts";
import { CREDENTIAL_SOURCE_TEXT, type CredentialSourceStatus } from "../../model/credentials.ts";
import { InvalidInput } from "../../model/errors.ts";
import { callsFor, lookupsFor } from "../revoke/insert-job.ts";
import type { OverlappingJob } from "../revoke/overlap.ts";

/** Above this many items in all, a person confirms by typing the login. */
export const CONFIRM_LOGIN_ABOVE = 25;
const LOGIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export type OrgPlan = { org: Org; grants: SelectedGrant[]; credentials: SelectedCredential[]; overlapping: OverlappingJob[] };

export type OffboardingOrgPreview = {
  org: { id: number; login: string };
  grants: number;
  credentials: number;
  /** The removals: ⌈grants / 100⌉ bulk calls + one DELETE per credential. */
  calls: number;
  /** The reads before them: which grants GitHub still lists, before each batch (lookupsFor). */
  lookups: number;
  credentialsStatus: CredentialSourceStatus;
  /** Set when the org's credentials are not read (no SSO, no permission, not checked): it has no credential part. */
  credentialsNote: string | null;
  /** Unfinished revocation jobs already holding some of these items: starting would be refused. */
  overlapping: OverlappingJob[];
};

export type OffboardingPreview = {
  login: string;
  orgs: OffboardingOrgPreview[];
  totals: { grants: number; credentials: number; calls: number; lookups: number; items: number };
  /** Starting needs the login typed as confirmation. */
  confirmLogin: boolean;
};

export function checkLogin(login: unknown): string {
  if (typeof login !== "string" || !LOGIN_RE.test(login.trim())) throw new InvalidInput("login", `expected a GitHub login (letters, digits, hyphens), got ${JSON.stringify(login)}`);
  return login.trim();
}

/** The orgs named (each must be known and installed), or every org with an installation. */
export async function chooseOrgs({ db, orgs }: { db: Db; orgs?: string[] }): Promise<Org[]> {
  if (orgs === undefined) return (await listOrgs({ db })).filter((o) => o.installationId !== null);
  if (!Array.isArray(orgs) || orgs.length === 0) throw new InvalidInput("orgs", "is empty; name at least one organization, or leave it out for every installed one");
  const out: Org[] = [];
  for (const login of orgs) {
    const org = typeof login === "string" ? await findOrgByLogin({ db, login: login.trim() }) : undefined;
    if (!org || org.installationId === null) throw new InvalidInput("orgs", `${JSON.stringify(login)} is not an organization patwarden is installed on`);
    if (!out.some((o) => o.id === org.id)) out.push(org);
  }
  return out;
}

export async function planOffboarding({ db, login, orgs }: { db: Db; login: string; orgs?: string[] }): Promise<OrgPlan[]> {
  const person = checkLogin(login);
  const plans: OrgPlan[] = [];
  for (const org of await chooseOrgs({ db, orgs })) {
    const grants = await listActiveGrantsOwnedBy({ db, orgId: org.id, login: person });
    // Without an available source there is nothing patwarden knows to be authorized: no credential part.
    const credentials = org.credentialsStatus === "available" ? await listActiveCredentialsOf({ db, orgId: org.id, login: person }) : [];
    const overlapping = await findOverlappingJobs({ db, orgId: org.id, grantIds: grants.map((g) => g.id), credentialIds: credentials.map((c) => c.credentialId) });
    plans.push({ org, grants, credentials, overlapping });
  }
  return plans;
}

export function previewOf({ login, plans }: { login: string; plans: OrgPlan[] }): OffboardingPreview {
  const orgs = plans.map((p) => ({
    org: { id: p.org.id, login: p.org.login },
    grants: p.grants.length,
    credentials: p.credentials.length,
    calls: callsFor({ grants: p.grants.length, credentials: p.credentials.length }),
    lookups: lookupsFor(p.grants),
    credentialsStatus: p.org.credentialsStatus,
    credentialsNote: p.org.credentialsStatus === "available" ? null : CREDENTIAL_SOURCE_TEXT[p.org.credentialsStatus],
    overlapping: p.overlapping,
  }));
  const sum = (f: (o: OffboardingOrgPreview) => number) => orgs.reduce((n, o) => n + f(o), 0);
  const totals = { grants: sum((o) => o.grants), credentials: sum((o) => o.credentials), calls: sum((o) => o.calls), lookups: sum((o) => o.lookups), items: 0 };
  totals.items = totals.grants + totals.credentials;
  return { login: checkLogin(login), orgs, totals, confirmLogin: totals.items > CONFIRM_LOGIN_ABOVE };
}
