// zod at the GitHub edge: only the fields patwarden stores, checked against GitHub's own
// description (@octokit/openapi-types) at compile time by the assignments at the bottom.
import type { components } from "@octokit/openapi-types";
import { z } from "zod";
import { REPOSITORY_SELECTIONS } from "../../model/statuses.ts";

/** GitHub writes both `2023-05-16T08:47:09.000-07:00` and `2026-02-17T06:49:30Z`; accept any ISO 8601. */
const timestamp = z.string().transform((s, ctx) => {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: `not a date-time: ${s}` });
    return z.NEVER;
  }
  return d;
});

const PermissionMap = z.record(z.string(), z.string());
const Permissions = z.object({
  organization: PermissionMap.optional(),
  repository: PermissionMap.optional(),
  other: PermissionMap.optional(),
});

export const UserSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  avatar_url: z.string().nullish(),
  type: z.string().nullish(),
});
export type GitHubUser = z.output<typeof UserSchema>;

export const GrantSchema = z.object({
  id: z.number().int(),
  owner: UserSchema,
  repository_selection: z.enum(REPOSITORY_SELECTIONS),
  repositories_url: z.string(),
  permissions: Permissions,
  access_granted_at: timestamp,
  token_id: z.number().int(),
  token_name: z.string(),
  token_expired: z.boolean(),
  token_expires_at: timestamp.nullable(),
  token_last_used_at: timestamp.nullable(),
});
export type GitHubGrant = z.output<typeof GrantSchema>;

export const RequestSchema = GrantSchema.omit({ access_granted_at: true }).extend({
  reason: z.string().nullable(),
  created_at: timestamp,
});
export type GitHubRequest = z.output<typeof RequestSchema>;

export const RepositorySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  full_name: z.string(),
  private: z.boolean(),
});
export type GitHubRepository = z.output<typeof RepositorySchema>;

/** The `personal_access_token_request` webhook's object: permissions_* maps and inline repositories, no reason. */
export const WebhookRequestSchema = z.object({
  id: z.number().int(),
  owner: UserSchema,
  permissions_result: Permissions,
  repository_selection: z.enum(REPOSITORY_SELECTIONS),
  repository_count: z.number().int().nullish(),
  repositories: z.array(RepositorySchema).nullish(),
  created_at: timestamp,
  token_id: z.number().int(),
  token_name: z.string(),
  token_expired: z.boolean(),
  token_expires_at: timestamp.nullable(),
  token_last_used_at: timestamp.nullable(),
});
export type WebhookRequest = z.output<typeof WebhookRequestSchema>;

export const InstallationSchema = z.object({
  id: z.number().int(),
  account: z
    .object({ id: z.number().int(), login: z.string().optional(), slug: z.string().optional(), type: z.string().optional() })
    .nullable(),
  target_type: z.string(),
  repository_selection: z.string(),
  permissions: z.record(z.string(), z.string().optional()),
  events: z.array(z.string()),
  suspended_at: timestamp.nullish(),
});
export type GitHubInstallation = z.output<typeof InstallationSchema>;

// Compile-time agreement with GitHub's OpenAPI description: if GitHub's documented shape stops
// fitting what we parse, this stops compiling.
type S = components["schemas"];
type Fits<Ours, Theirs extends Ours> = Theirs;
export type GitHubShapesFit = [
  Fits<z.input<typeof GrantSchema>, S["organization-programmatic-access-grant"]>,
  Fits<z.input<typeof RequestSchema>, S["organization-programmatic-access-grant-request"]>,
  Fits<z.input<typeof RepositorySchema>, S["minimal-repository"]>,
  Fits<z.input<typeof UserSchema>, S["simple-user"]>,
];
