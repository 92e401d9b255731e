import "server-only";
// The credentials page and a credential's detail, scoped to one org the viewer may see: small rows
// for the table, the org's credential source status (a sentence instead of a table when GitHub does
// not serve the list), and a filter it cannot apply as a sentence, not an error page.
import { parseCredentialQuery, type CredentialQuery } from "../../model/credential-filter.ts";
import { CREDENTIAL_SOURCE_TEXT, credentialTypeLabel, type CredentialSourceStatus } from "../../model/credentials.ts";
import { scopeTier, type ScopeTier } from "../../model/credential-scopes.ts";
import type { CredentialRow as EngineRow } from "../../bot/credentials/verbs.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type CredentialRow = {
  id: number;
  kindLabel: string;
  login: string;
  ownerLeft: boolean;
  /** Broadest first (admin, write, read tiers of model/credential-scopes.ts). */
  scopes: { name: string; tier: ScopeTier }[];
  lastEight: string | null;
  fingerprint: string | null;
  title: string | null;
  note: string | null;
  authorizedAt: Date;
  accessedAt: Date | null;
  expiresAt: Date | null;
  expired: boolean;
  riskScore: number;
  riskReasons: { code: string; points: number; text: string }[];
};

export type CredentialTable = {
  login: string;
  access: OrgAccess;
  query: CredentialQuery;
  /** `status` is not "available": show `text` instead of a table. */
  source: { status: CredentialSourceStatus; text: string; detail: string | null; lastSyncAt: Date | null };
  rows: CredentialRow[];
  total: number;
  totalCapped: boolean;
  error: string | null;
  errorField: string | null;
  nextCursor: string | null;
  prevCursor: string | null;
};

const TIER_ORDER: Record<ScopeTier, number> = { admin: 0, write: 1, read: 2 };

export function toCredentialRow(c: EngineRow): CredentialRow {
  return {
    id: c.credentialId,
    kindLabel: credentialTypeLabel(c.credentialType),
    login: c.login,
    ownerLeft: c.ownerIsMember === false,
    scopes: c.scopes.map((name) => ({ name, tier: scopeTier(name) })).sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || a.name.localeCompare(b.name)),
    lastEight: c.tokenLastEight,
    fingerprint: c.fingerprint,
    title: c.title,
    note: c.note,
    authorizedAt: c.authorizedAt,
    accessedAt: c.accessedAt,
    expiresAt: c.expiresAt,
    expired: c.expired,
    riskScore: c.riskScore,
    riskReasons: [...c.riskReasons].sort((a, b) => b.points - a.points),
  };
}

const paramsObject = (params: URLSearchParams) => Object.fromEntries([...new Set(params.keys())].map((k) => [k, params.getAll(k)]));

export async function listCredentialTable({ viewer, org, params }: { viewer: Viewer; org: string; params: URLSearchParams }): Promise<CredentialTable> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine } = getDashboardRuntime();
  const base = { login: row.login, access, rows: [], total: 0, totalCapped: false, error: null, errorField: null, nextCursor: null, prevCursor: null };
  const refused = (e: unknown, query: CredentialQuery, source: CredentialTable["source"]): CredentialTable => {
    const { kind, field } = e as { kind?: string; field?: string };
    if (kind !== "InvalidInput") throw e;
    return { ...base, query, source, error: `This filter cannot be applied: ${(e as Error).message}. Change it below, or clear the filters.`, errorField: field ?? null };
  };
  let query: CredentialQuery;
  try {
    query = parseCredentialQuery({ input: paramsObject(params) });
  } catch (e) {
    const first = await engine.credentials.list({ orgId: row.id, filter: {}, perPage: 1, withCount: false });
    return refused(e, parseCredentialQuery({ input: {} }), sourceOf(first.source));
  }
  const { filter, sort, direction, perPage, after, before } = query;
  try {
    const list = await engine.credentials.list({ orgId: row.id, filter, sort, direction, perPage, after, before });
    const source = sourceOf(list.source);
    if (source.status !== "available") return { ...base, query, source };
    return { ...base, query, source, rows: list.rows.map(toCredentialRow), total: list.total, totalCapped: list.totalCapped, nextCursor: list.nextCursor, prevCursor: list.prevCursor };
  } catch (e) {
    const first = await engine.credentials.list({ orgId: row.id, filter: {}, perPage: 1, withCount: false });
    return refused(e, query, sourceOf(first.source));
  }
}

function sourceOf(s: { status: CredentialSourceStatus; detail: string | null; lastSyncAt: Date | null }): CredentialTable["source"] {
  return { status: s.status, text: CREDENTIAL_SOURCE_TEXT[s.status], detail: s.detail, lastSyncAt: s.lastSyncAt };
}

export type CredentialDetailView = CredentialRow & {
  org: string;
  access: OrgAccess;
  credentialType: string;
  authorizedCredentialId: number | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  removedAt: Date | null;
  removalReason: string | null;
  authorizations: (CredentialRow & { removedAt: Date | null; removalReason: string | null })[];
  audit: { id: number; at: Date; actor: string; action: string; result: string; reason: string | null }[];
};

/** null when this org has no such credential (another org's ids are simply not found). */
export async function getCredentialDetail({ viewer, org, credentialId }: { viewer: Viewer; org: string; credentialId: number }): Promise<CredentialDetailView | null> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const c = await getDashboardRuntime().engine.credentials.get({ orgId: row.id, credentialId }).catch((e: unknown) => {
    if ((e as { kind?: string }).kind === "NotFound") return null;
    throw e;
  });
  if (!c) return null;
  return {
    ...toCredentialRow(c),
    org: row.login,
    access,
    credentialType: c.credentialType,
    authorizedCredentialId: c.authorizedCredentialId,
    firstSeenAt: c.firstSeenAt,
    lastSeenAt: c.lastSeenAt,
    removedAt: c.removedAt,
    removalReason: c.removalReason,
    authorizations: c.authorizations.map((a) => ({ ...toCredentialRow(a), removedAt: a.removedAt, removalReason: a.removalReason })),
    audit: c.audit,
  };
}
