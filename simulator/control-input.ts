// Validation of control-surface input (in-process and over /_sim/ alike) and applying grant or
// request patches. Field names follow the REST objects (snake_case) so tests write what they read.
import { z } from "zod";
import { PERMISSIONS } from "../model/permissions.ts";
import { registerUser } from "./seed.ts";
import { pickRepositoryIds } from "./seed-grants.ts";
import type { PermissionMaps, SimGrant, SimOrg, SimRequest, SimState } from "./types.ts";

export class SimControlError extends Error {
  readonly status: number;
  constructor(status: 404 | 409 | 422, message: string) {
    super(message);
    this.status = status;
    this.name = "SimControlError";
  }
}

const when = z.union([z.string(), z.date(), z.number()]);
const levels = z.record(z.string(), z.enum(["read", "write", "admin"]));
const permissions = z.object({ organization: levels.optional(), repository: levels.optional(), other: levels.optional() }).strict();

const common = {
  owner: z.string().min(1).optional(),
  repository_selection: z.enum(["none", "all", "subset"]).optional(),
  /** Repository names (or ids) for a subset selection. */
  repositories: z.array(z.union([z.string(), z.number().int()])).optional(),
  permissions: permissions.optional(),
  token_id: z.number().int().positive().optional(),
  token_name: z.string().min(1).optional(),
  token_expires_at: when.nullable().optional(),
  token_last_used_at: when.nullable().optional(),
};
export const GrantPatchSchema = z.object({ ...common, access_granted_at: when.optional() }).strict();
export const RequestPatchSchema = z.object({ ...common, created_at: when.optional(), reason: z.string().max(1024).nullable().optional() }).strict();
export type GrantPatch = z.input<typeof GrantPatchSchema>;
export type RequestPatch = z.input<typeof RequestPatchSchema>;

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SimControlError(422, `${issue.path.join(".") || "input"}: ${issue.message}`);
  }
  return parsed.data;
}

function toMs(value: string | Date | number, field: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (Number.isNaN(ms)) throw new SimControlError(422, `${field}: not a date`);
  return Math.floor(ms / 1000) * 1000;
}

function checkPermissions(maps: PermissionMaps): PermissionMaps {
  for (const scope of ["organization", "repository", "other"] as const) {
    for (const [name, level] of Object.entries(maps[scope] ?? {})) {
      const allowed = PERMISSIONS[scope][name];
      if (!allowed?.includes(level as never)) throw new SimControlError(422, `permissions.${scope}.${name}: ${level} is not a valid level for this permission`);
    }
  }
  return structuredClone(maps);
}

/** The user id for a login; a user who is neither a member nor an ex-member of `org` joins it as a member. */
export function ownerIdFor(state: SimState, org: SimOrg, login: string): number {
  const known = state.usersByLogin.get(login.toLowerCase());
  if (known) {
    if (!org.members.has(known.id) && !org.exMemberIds.has(known.id)) org.members.set(known.id, "member");
    return known.id;
  }
  const user = registerUser({ state, login, name: null, createdAt: state.now().getTime() });
  org.members.set(user.id, "member");
  return user.id;
}

/** Applies a validated patch to a grant or request in place (callers re-index afterwards). */
export function applyPatch(args: { state: SimState; org: SimOrg; target: SimGrant | SimRequest; patch: z.output<typeof GrantPatchSchema> | z.output<typeof RequestPatchSchema> }): void {
  const { state, org, target: t, patch: p } = args;
  if (p.owner !== undefined) t.ownerId = ownerIdFor(state, org, p.owner);
  if (p.permissions !== undefined) t.permissions = checkPermissions(p.permissions);
  if (p.token_id !== undefined) t.tokenId = p.token_id;
  if (p.token_name !== undefined) t.tokenName = p.token_name;
  if (p.token_expires_at !== undefined) t.tokenExpiresAt = p.token_expires_at === null ? null : toMs(p.token_expires_at, "token_expires_at");
  if (p.token_last_used_at !== undefined) t.tokenLastUsedAt = p.token_last_used_at === null ? null : toMs(p.token_last_used_at, "token_last_used_at");
  if ("access_granted_at" in p && p.access_granted_at !== undefined && "accessGrantedAt" in t) t.accessGrantedAt = toMs(p.access_granted_at, "access_granted_at");
  if ("created_at" in p && p.created_at !== undefined && "createdAt" in t) t.createdAt = toMs(p.created_at, "created_at");
  if ("reason" in p && p.reason !== undefined && "reason" in t) t.reason = p.reason;
  if (p.repositories !== undefined) {
    t.repositoryIds = [...new Set(p.repositories.map((ref) => {
      const repo = typeof ref === "number" ? org.reposById.get(ref) : org.reposByName.get(ref.toLowerCase());
      if (!repo) throw new SimControlError(422, `repositories: ${ref} is not a repository of ${org.login}`);
      return repo.id;
    }))].sort((a, b) => a - b);
    if (p.repository_selection === undefined) t.repositorySelection = "subset";
  }
  if (p.repository_selection !== undefined) t.repositorySelection = p.repository_selection;
  if (t.repositorySelection !== "subset") t.repositoryIds = [];
  else if (t.repositoryIds.length === 0) t.repositoryIds = pickRepositoryIds(state.rng, org, "subset");
}
