// Org members (+ the admin list for owners), so grants can be flagged when their owner left. The
// caller applies them to grants (refreshOwnerIsMember) once the grant sweep is in too.
import { markMembersSeen, removeUnseenMembers, upsertMembers } from "../../db/queries/members.ts";
import { deleteUnsweptPages, saveSyncPages } from "../../db/queries/sync-pages.ts";
import { ROUTES, withQuery } from "../github/calls.ts";
import { UserSchema } from "../github/schemas.ts";
import type { SyncContext } from "./context.ts";
import { sweepPages } from "./sweep-pages.ts";

export async function sweepMembers({ ctx }: { ctx: SyncContext }): Promise<void> {
  const { db, org, runId } = ctx;
  // Owners are few: hold their ids, then give every member page its role in one pass.
  const adminIds: number[] = [];
  await sweepPages({
    ctx,
    firstUrl: withQuery(ROUTES.members(org.login), { role: "admin", per_page: 100 }),
    resource: "admins",
    schema: UserSchema,
    family: "admins",
    trackSweep: true,
    onPage: async (page) => {
      adminIds.push(...page.ids);
      if (page.status === 200 && page.record) await saveSyncPages({ db, pages: [page.record] });
      return "ok";
    },
  });
  const admins = new Set(adminIds);
  await sweepPages({
    ctx,
    firstUrl: withQuery(ROUTES.members(org.login), { per_page: 100 }),
    resource: "members",
    schema: UserSchema,
    family: "members",
    trackSweep: true,
    onPage: async (page) => {
      const now = ctx.now();
      if (page.status === 200) {
        const members = page.items.map((u) => ({ userId: u.id, login: u.login, role: admins.has(u.id) ? ("admin" as const) : ("member" as const) }));
        await db.transaction(async (tx) => {
          await upsertMembers({ db: tx, orgId: org.id, members, runId, now });
          if (page.record) await saveSyncPages({ db: tx, pages: [page.record] });
        });
        ctx.stats.membersSeen += members.length;
        return "ok";
      }
      const found = await db.transaction((tx) => markMembersSeen({ db: tx, orgId: org.id, userIds: page.ids, adminIds, runId, now }));
      if (found < page.ids.length) return "refetch";
      ctx.stats.membersSeen += page.ids.length;
      return "ok";
    },
  });
  await removeUnseenMembers({ db, orgId: org.id, runId, now: ctx.now() });
  await deleteUnsweptPages({ db, orgId: org.id, resource: "admins", runId });
  await deleteUnsweptPages({ db, orgId: org.id, resource: "members", runId });
}
