// Credential rules: the `credentialRules` list of `.github/patwarden.yml`, acting on SSO credential
// authorizations (classic PATs, SSH keys, OAuth and GitHub App user tokens) as `rules` act on grants.
// Same modes, grace and exceptions; exceptions name a login, a credential id or a credential kind.
import { z } from "zod";
import { CREDENTIAL_KINDS, CREDENTIAL_KIND_LABELS } from "../../model/credentials.ts";
import { POLICY_MODES } from "../../model/statuses.ts";

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2027-01-31");
const days = (max = 3650) => z.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(max, `must be at most ${max} days`);
const kind = z.enum(CREDENTIAL_KINDS, { error: `must be one of ${CREDENTIAL_KINDS.join(", ")}` });
/** An OAuth scope as GitHub lists it: `repo`, `admin:org`, `write:packages` … */
const scope = z.string().regex(/^[a-z_]+(:[a-z_]+)?$/, "must be an OAuth scope such as repo, admin:org or delete_repo");

export const credentialExceptionSchema = z
  .object({
    /** The credential's owner (case-insensitive) … */
    login: z.string().regex(/^[A-Za-z0-9-]{1,39}$/, "must be a GitHub login").optional(),
    /** … or one authorization (its credential id, as `patwarden credentials` shows it) … */
    credentialId: z.number().int().positive().optional(),
    /** … or every credential of one kind. */
    type: kind.optional(),
    reason: z.string().min(1, "is required: say why this credential is exempt").max(1024),
    /** Last day the exception holds (inclusive, UTC). */
    until: dateOnly,
  })
  .strict()
  .refine((e) => [e.login, e.credentialId, e.type].filter((x) => x !== undefined).length === 1, { message: "give exactly one of login, credentialId or type" });
export type CredentialException = z.infer<typeof credentialExceptionSchema>;

const base = {
  /** Unique within the file, across `rules` and `credentialRules`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lowercase letters, digits and dashes (e.g. credential-idle-90)"),
  mode: z.enum(POLICY_MODES).default("report"),
  graceDays: z.number().int().min(0, "must be 0 or more days").max(365, "must be at most 365 days").default(7),
  /** Only these kinds of credential (default: every kind). */
  kinds: z.array(kind).min(1, "list at least one kind, or leave kinds out for all").optional(),
  exceptions: z.array(credentialExceptionSchema).max(500).default([]),
};

export const credentialRuleSchema = z.discriminatedUnion("type", [
  /** Last accessed more than `days` ago (never-accessed credentials are never_accessed's). */
  z.object({ ...base, type: z.literal("idle"), days: days() }).strict(),
  /** Never accessed, and authorized more than `days` ago. */
  z.object({ ...base, type: z.literal("never_accessed"), days: days() }).strict(),
  /** Expires more than `maxDays` after it was authorized; and, unless `includeNoExpiry: false`, never expires. */
  z.object({ ...base, type: z.literal("lifetime"), maxDays: days(36500), includeNoExpiry: z.boolean().default(true) }).strict(),
  /** Holds any of these OAuth scopes (a scope that includes one counts: `admin:org` holds `read:org`). */
  z.object({ ...base, type: z.literal("forbidden_scopes"), scopes: z.array(scope).min(1, "list at least one scope") }).strict(),
  /** Of a kind not allowed: give `allowed` (everything else matches) or `forbidden` (these match). */
  z.object({ ...base, type: z.literal("credential_types"), allowed: z.array(kind).min(1).optional(), forbidden: z.array(kind).min(1).optional() })
    .strict()
    .refine((r) => (r.allowed === undefined) !== (r.forbidden === undefined), { message: "give exactly one of allowed or forbidden" }),
  /** The owner is no longer a member of the org. */
  z.object({ ...base, type: z.literal("owner_left") }).strict(),
]);
export type CredentialRule = z.infer<typeof credentialRuleSchema>;
export type CredentialRuleType = CredentialRule["type"];

const kindList = (kinds: readonly (keyof typeof CREDENTIAL_KIND_LABELS)[]) => kinds.map((k) => CREDENTIAL_KIND_LABELS[k]).join(", ");

/** What the rule asks, for warnings, the audit log's reason and the dashboard. */
export function describeCredentialRule(rule: CredentialRule): string {
  const only = rule.kinds ? ` (${kindList(rule.kinds)} only)` : "";
  switch (rule.type) {
    case "idle": return `not accessed for more than ${rule.days} days${only}`;
    case "never_accessed": return `never accessed, authorized more than ${rule.days} days ago${only}`;
    case "lifetime": return `expires more than ${rule.maxDays} days after being authorized${rule.includeNoExpiry ? ", or never" : ""}${only}`;
    case "forbidden_scopes": return `holds scope ${rule.scopes.join(" or ")}${only}`;
    case "credential_types": return rule.allowed ? `a kind other than ${kindList(rule.allowed)}` : `kind ${kindList(rule.forbidden ?? [])}`;
    case "owner_left": return `owner is no longer a member${only}`;
  }
}

/** An org without the file: credential rules report only, as the grant rules do. */
export const DEFAULT_CREDENTIAL_RULES = [
  { id: "credential-idle-90", type: "idle", days: 90 },
  { id: "credential-never-accessed-30", type: "never_accessed", days: 30 },
  { id: "credential-no-expiry", type: "lifetime", maxDays: 366, kinds: ["classic_pat", "oauth_app_token", "github_app_token"] },
  { id: "credential-admin-scopes", type: "forbidden_scopes", scopes: ["admin:org", "admin:enterprise", "delete_repo", "admin:org_hook", "site_admin"] },
  { id: "credential-owner-left", type: "owner_left" },
] as const;
