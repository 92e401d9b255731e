// The policy file, `.github/patwarden.yml` in the org's `.github` repository: one zod schema with the
// defaults in it, parsed from YAML with line numbers so every error names its line and field.
// A file with any error is never applied (not even its valid parts): parsePolicyConfig returns errors only.
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { z } from "zod";
import { levelsFor } from "../../model/permissions.ts";
import { POLICY_MODES } from "../../model/statuses.ts";
import { EXPIRING_DAYS, LONG_EXPIRY_DAYS, STALE_DAYS } from "../../model/categories.ts";
import { credentialRuleSchema, DEFAULT_CREDENTIAL_RULES } from "./credential-rules.ts";

export const POLICY_FILE = { repository: ".github", path: ".github/patwarden.yml" } as const;

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2027-01-31");
const days = (max = 3650) => z.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(max, `must be at most ${max} days`);
const repoName = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, "must be a repository name in this org (letters, digits, . _ -)");

/** "name:level", e.g. "administration:write"; matches that level or higher. */
export const permissionSpec = z.string().superRefine((value, ctx) => {
  const m = /^([a-z_]+):(read|write|admin)$/.exec(value);
  if (!m) return void ctx.addIssue({ code: "custom", message: `must be "name:level" with level read, write or admin, e.g. "administration:write"; got ${JSON.stringify(value)}` });
  const levels = levelsFor(m[1]!);
  if (!levels) ctx.addIssue({ code: "custom", message: `unknown permission ${JSON.stringify(m[1])}` });
  else if (!levels.includes(m[2]!)) ctx.addIssue({ code: "custom", message: `${m[1]} has no level ${m[2]} (allowed: ${levels.join(", ")})` });
});

export const exceptionSchema = z
  .object({
    /** Token name (exact) … */
    token: z.string().min(1).max(200).optional(),
    /** … or owner login (case-insensitive). */
    owner: z.string().regex(/^[A-Za-z0-9-]{1,39}$/, "must be a GitHub login").optional(),
    reason: z.string().min(1, "is required: say why this token is exempt").max(1024),
    /** Last day the exception holds (inclusive, UTC); after it the rule applies again. */
    until: dateOnly,
  })
  .strict()
  .refine((e) => Boolean(e.token) !== Boolean(e.owner), { message: "give exactly one of token or owner" });
export type PolicyException = z.infer<typeof exceptionSchema>;

const ruleBase = {
  /** Unique within the file; shown in warnings, runs and reports. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lowercase letters, digits and dashes (e.g. idle-90)"),
  mode: z.enum(POLICY_MODES).default("report"),
  /** Days between the owner's warning and the revocation (notify/revoke modes). */
  graceDays: z.number().int().min(0, "must be 0 or more days").max(365, "must be at most 365 days").default(7),
  exceptions: z.array(exceptionSchema).max(500).default([]),
};

export const ruleSchema = z.discriminatedUnion("type", [
  /** Not used for more than `days` (never-used tokens are the never_used rule's). */
  z.object({ ...ruleBase, type: z.literal("idle"), days: days() }).strict(),
  /** Never used, and granted more than `days` ago. */
  z.object({ ...ruleBase, type: z.literal("never_used"), days: days() }).strict(),
  /** Expires more than `maxDays` after being granted; and, unless `includeNoExpiry: false`, never expires. */
  z.object({ ...ruleBase, type: z.literal("lifetime"), maxDays: days(36500), includeNoExpiry: z.boolean().default(true) }).strict(),
  /** Holds any of these permissions at that level or higher. */
  z.object({ ...ruleBase, type: z.literal("forbidden_permissions"), permissions: z.array(permissionSpec).min(1, "list at least one permission") }).strict(),
  /** Reaches all repositories with any repository permission at write or admin. */
  z.object({ ...ruleBase, type: z.literal("all_repositories_write") }).strict(),
  /** The owner is no longer a member of the org. */
  z.object({ ...ruleBase, type: z.literal("owner_left") }).strict(),
]);
export type PolicyRule = z.infer<typeof ruleSchema>;
export type PolicyRuleType = PolicyRule["type"];

/** Request auto-review: deny rules are checked first; the first match decides; unmatched requests wait for a human. */
export const requestRuleSchema = z.discriminatedUnion("when", [
  z.object({ when: z.literal("forbidden_permissions"), permissions: z.array(permissionSpec).min(1), reason: z.string().min(1).max(1024) }).strict(),
  /** The token expires more than `days` after the request (or never). */
  z.object({ when: z.literal("lifetime_over"), days: days(36500), reason: z.string().min(1).max(1024) }).strict(),
  /** Only read permissions, and (when listed) only these repositories; never "all repositories". */
  z.object({ when: z.literal("read_only"), repositories: z.array(repoName).max(500).optional(), reason: z.string().min(1).max(1024) }).strict(),
]);
export type RequestRule = z.infer<typeof requestRuleSchema>;

const deliveryTarget = z.object({ repository: repoName }).strict();

export const policyConfigSchema = z
  .object({
    /** Global guardrails for notify/revoke actions. */
    enforcement: z
      .object({
        /** The stop switch: while true, runs only report (nothing is notified or revoked). */
        stop: z.boolean().default(false),
        maxRevocationsPerRun: z.number().int().min(0).max(100000).default(50),
        /** Percent of active grants one run may revoke. */
        maxRevocationPercent: z.number().min(0).max(100).default(10),
      })
      .strict()
      .default({ stop: false, maxRevocationsPerRun: 50, maxRevocationPercent: 10 }),
    notify: z
      .object({
        /** Repository for owner warning issues (one per owner, mentioning them). */
        repository: repoName.optional(),
        /** Optional JSON POST (Slack-compatible `text`) for each warning batch. */
        webhookUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
      })
      .strict()
      .default({}),
    rules: z.array(ruleSchema).max(100).default([]),
    /** Rules for SSO credential authorizations (bot/policies/credential-rules.ts); skipped in orgs without them. */
    credentialRules: z.array(credentialRuleSchema).max(100).default([]),
    /** organization.member_removed: report what offboarding would remove (default), or offboard in that org (docs/policies.md). */
    offboarding: z
      .object({ onMemberRemoved: z.enum(["report", "offboard"]).default("report") })
      .strict()
      .default({ onMemberRemoved: "report" }),
    requests: z
      .object({ deny: z.array(requestRuleSchema).max(50).default([]), approve: z.array(requestRuleSchema).max(50).default([]) })
      .strict()
      .default({ deny: [], approve: [] }),
    reports: z
      .object({
        schedule: z.enum(["daily", "weekly", "monthly", "off"]).default("weekly"),
        staleDays: days().default(STALE_DAYS),
        expiringDays: days().default(EXPIRING_DAYS),
        longExpiryDays: days(36500).default(LONG_EXPIRY_DAYS),
        /** Deliver each report as an issue (created, then updated) in this repository. */
        issue: deliveryTarget.optional(),
        /** Commit each report to this repository; `{date}` and `{format}` are filled in. */
        file: z.object({ repository: repoName, path: z.string().regex(/^[A-Za-z0-9._/{}-]{1,200}$/, "must be a relative path like reports/{date}.md").refine((p) => !p.startsWith("/") && !p.includes(".."), "must be a relative path inside the repository"), format: z.enum(["md", "json", "csv"]).default("md") }).strict().optional(),
      })
      .strict()
      .default({ schedule: "weekly", staleDays: STALE_DAYS, expiringDays: EXPIRING_DAYS, longExpiryDays: LONG_EXPIRY_DAYS }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    // One id space for both lists: a run's items, warnings and the audit log name rules by id alone.
    const check = (list: "rules" | "credentialRules", r: { id: string; mode: string }, i: number) => {
      if (seen.has(r.id)) ctx.addIssue({ code: "custom", path: [list, i, "id"], message: `duplicate rule id ${JSON.stringify(r.id)}` });
      seen.add(r.id);
      if (r.mode !== "report" && !c.notify.repository && !c.notify.webhookUrl) {
        ctx.addIssue({ code: "custom", path: [list, i, "mode"], message: `mode ${r.mode} warns owners first: set notify.repository (or notify.webhookUrl)` });
      }
    };
    c.rules.forEach((r, i) => check("rules", r, i));
    c.credentialRules.forEach((r, i) => check("credentialRules", r, i));
  });
export type PolicyConfig = z.infer<typeof policyConfigSchema>;

/** An org without the file: every rule reports, nothing is notified or revoked. */
export const DEFAULT_POLICY_CONFIG: PolicyConfig = policyConfigSchema.parse({
  rules: [
    { id: `idle-${STALE_DAYS}`, type: "idle", days: STALE_DAYS },
    { id: "never-used-30", type: "never_used", days: 30 },
    { id: `lifetime-${LONG_EXPIRY_DAYS}`, type: "lifetime", maxDays: LONG_EXPIRY_DAYS },
    { id: "forbidden-admin", type: "forbidden_permissions", permissions: ["administration:write", "organization_administration:write", "organization_secrets:write", "secrets:write"] },
    { id: "all-repos-write", type: "all_repositories_write" },
    { id: "owner-left", type: "owner_left" },
  ],
  credentialRules: DEFAULT_CREDENTIAL_RULES,
});

export type PolicyConfigError = { line: number | null; field: string; message: string };
export type ParsedPolicyConfig = { ok: true; config: PolicyConfig } | { ok: false; errors: PolicyConfigError[] };

/** Parses and validates the file's text; any error means nothing of it applies. */
export function parsePolicyConfig(source: string): ParsedPolicyConfig {
  if (source.length > 256 * 1024) return { ok: false, errors: [{ line: null, field: "(file)", message: "is larger than 256 KiB" }] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line, field: "(yaml)", message: e.message.split("\n")[0]! })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    return { ok: false, errors: [{ line: null, field: "(yaml)", message: err instanceof Error ? err.message : String(err) }] };
  }
  const parsed = policyConfigSchema.safeParse(data);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      return { line: lineOf(doc.contents, path, lineCounter), field: formatPath(path) || "(file)", message: issue.message };
    }),
  };
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** The line of the deepest node the path reaches (the key itself when the value is missing). */
function lineOf(root: Node | null, path: (string | number)[], lc: LineCounter): number | null {
  let node: unknown = root;
  let line: number | null = root?.range ? lc.linePos(root.range[0]).line : null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      const keyNode = pair.key as Node | null;
      if (keyNode?.range) line = lc.linePos(keyNode.range[0]).line;
      node = pair.value;
      const valueNode = pair.value as Node | null;
      if (valueNode?.range) line = lc.linePos(valueNode.range[0]).line;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      if (item.range) line = lc.linePos(item.range[0]).line;
      node = item;
    } else break;
  }
  return line;
}
