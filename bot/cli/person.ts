// `patwarden person LOGIN`: one person across every installed org (or --orgs): membership, grants,
// SSO credentials, pending requests and the history of what was removed and why.
import { InvalidInput } from "../../model/errors.ts";
import { credentialTypeLabel } from "../../model/credentials.ts";
import { plural } from "../../model/words.ts";
import { REMOVAL_REASON_WORDS, type RemovalReason } from "../../model/statuses.ts";
import type { Person, PersonOrg } from "../people/verbs.ts";
import { parseFlags } from "./args.ts";
import { EXIT, type Command } from "./context.ts";
import { isoOrNull, shortDate, shortPermissions } from "./format.ts";
import { renderTable } from "./table.ts";

const HELP = `Usage: patwarden person LOGIN [--orgs a,b] [--format table|json]

One person across every org patwarden is installed on: membership in each (owner, member, left,
never a member), every fine-grained grant and SSO credential they hold, pending requests, last use,
highest risk, and the history of what was removed and why.

  --orgs a,b          only these orgs (logins, comma-separated)
  --format table|json table (default): a summary per org; json: one object
`;

const MEMBERSHIP_WORDS: Record<PersonOrg["membership"], string> = {
  owner: "owner", member: "member", left: "left", never: "never a member", unknown: "membership not synced yet",
};

export const personCommand: Command = {
  name: "person",
  summary: "one person across every org: membership, grants, SSO credentials, requests, history",
  usage: "patwarden person LOGIN",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values, positionals } = parseFlags({ args, options: { orgs: { type: "string" }, format: { type: "string" } }, positionals: 1 });
    const format = String(values.format ?? "table").toLowerCase();
    if (format !== "table" && format !== "json") throw new InvalidInput("--format", `expected table or json, got ${JSON.stringify(values.format)}`);
    const login = positionals[0];
    if (!login) throw new InvalidInput("LOGIN", "is required; e.g. `patwarden person octocat`");
    const orgNames = typeof values.orgs === "string" ? values.orgs.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
    if (orgNames && orgNames.length === 0) throw new InvalidInput("--orgs", "name at least one org, e.g. --orgs acme,globex");
    const engine = await ctx.engine();
    const orgIds = orgNames ? await Promise.all(orgNames.map(async (name) => (await engine.orgs.resolve({ login: name, field: "--orgs" })).id)) : undefined;
    const person = await engine.people.get({ login, orgIds });
    ctx.out(format === "json" ? `${JSON.stringify(personJson(person), null, 2)}\n` : personTable(person, ctx.columns));
    return EXIT.ok;
  },
};

/** snake_case like every other json output; dates as ISO text. */
export function personJson(p: Person) {
  return {
    login: p.login,
    max_risk: p.maxRisk,
    last_used_at: isoOrNull(p.lastUsedAt),
    left_orgs: p.leftOrgs,
    totals: p.totals,
    orgs: p.orgs.map((o) => ({
      org: o.org, membership: o.membership, left_at: isoOrNull(o.leftAt), credentials_source: o.credentialsSource, credentials_note: o.credentialsNote, max_risk: o.maxRisk, last_used_at: isoOrNull(o.lastUsedAt),
      grants: o.grants.map((g) => ({
        id: g.id, name: g.name, permissions: g.permissions, repository_selection: g.repositorySelection, repository_count: g.repositoryCount,
        granted_at: isoOrNull(g.grantedAt), last_used_at: isoOrNull(g.lastUsedAt), expires_at: isoOrNull(g.expiresAt), expired: g.expired,
        risk_score: g.risk, risk_reasons: g.riskReasons.map((r) => r.text),
      })),
      credentials: o.credentials.map((c) => ({
        id: c.id, kind: c.kind, credential_type: c.type, scopes: c.scopes, token_last_eight: c.lastEight, fingerprint: c.fingerprint,
        title: c.title, authorized_at: isoOrNull(c.authorizedAt), accessed_at: isoOrNull(c.accessedAt), expires_at: isoOrNull(c.expiresAt),
        risk_score: c.risk, risk_reasons: c.riskReasons.map((r) => r.text),
      })),
      requests: o.requests.map((r) => ({ id: r.id, name: r.name, permissions: r.permissions, created_at: isoOrNull(r.createdAt), reason: r.reason })),
    })),
    history: {
      removed: p.history.removed.map((r) => ({
        org: r.org, kind: r.kind, id: r.id, name: r.name, removed_at: isoOrNull(r.removedAt), removal_reason: r.removalReason,
        revoked_by: r.revokedBy ? { actor: r.revokedBy.actor, at: isoOrNull(r.revokedBy.at), reason: r.revokedBy.reason } : null,
      })),
      audit: p.history.audit.map((a) => ({
        id: a.id, org: a.org, at: isoOrNull(a.at), actor: a.actor, action: a.action, target_type: a.targetType, target_id: a.targetId, reason: a.reason, result: a.result,
      })),
    },
  };
}

function personTable(p: Person, width: number): string {
  const lines = [`${p.login} — highest risk ${p.maxRisk}, last use ${shortDate(p.lastUsedAt) || "never"}; ${plural(p.totals.grants, "grant")}, ${plural(p.totals.credentials, "SSO credential")}, ${plural(p.totals.requests, "pending request")}`];
  if (p.leftOrgs.length) lines.push(`left: ${p.leftOrgs.join(", ")}`);
  for (const o of p.orgs) {
    lines.push("", `${o.org}: ${MEMBERSHIP_WORDS[o.membership]}${o.leftAt ? ` (since ${shortDate(o.leftAt)})` : ""} — ${plural(o.grants.length, "grant")}, ${o.credentialsNote ? "SSO credentials not read" : plural(o.credentials.length, "credential")}, ${plural(o.requests.length, "pending request")}`);
    if (o.credentialsNote) lines.push(`  ${o.credentialsNote}`);
    if (o.grants.length) {
      lines.push(renderTable({ width, rows: o.grants, columns: [
        { header: "Grant", value: (g) => g.id }, { header: "Token", value: (g) => g.name, shrink: true, minWidth: 16 },
        { header: "Permissions", value: (g) => shortPermissions(g.permissions, 3), shrink: true, minWidth: 20 },
        { header: "Last used", value: (g) => shortDate(g.lastUsedAt) || "never" }, { header: "Expires", value: (g) => (g.expired ? "expired" : shortDate(g.expiresAt) || "never") },
        { header: "Risk", value: (g) => g.risk },
      ] }).text.trimEnd());
    }
    if (o.credentials.length) {
      lines.push(renderTable({ width, rows: o.credentials, columns: [
        { header: "Credential", value: (c) => c.id }, { header: "Kind", value: (c) => credentialTypeLabel(c.type) },
        { header: "Scopes", value: (c) => c.scopes.join(" "), shrink: true, minWidth: 16 },
        { header: "Last eight / key", value: (c) => c.lastEight ?? c.fingerprint ?? "", shrink: true, minWidth: 12 },
        { header: "Accessed", value: (c) => shortDate(c.accessedAt) || "never" }, { header: "Expires", value: (c) => (c.expiresAt && c.expiresAt.getTime() <= Date.now() ? "expired" : shortDate(c.expiresAt) || "never") },
        { header: "Risk", value: (c) => c.risk },
      ] }).text.trimEnd());
    }
    for (const r of o.requests) lines.push(`  pending request ${r.id} "${r.name}" since ${shortDate(r.createdAt)}: ${shortPermissions(r.permissions, 4)}`);
  }
  if (p.history.removed.length) {
    lines.push("", "History (removed):");
    for (const r of p.history.removed) {
      const by = r.revokedBy ? ` by ${r.revokedBy.actor}${r.revokedBy.reason ? `: ${r.revokedBy.reason}` : ""}` : "";
      lines.push(`  ${shortDate(r.removedAt)} ${r.org} ${r.kind} ${r.id} "${r.name}" — ${r.removalReason ? REMOVAL_REASON_WORDS[r.removalReason as RemovalReason] ?? r.removalReason : "removed"}${by}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
