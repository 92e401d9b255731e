// Read side of PAT requests: the pending queue (or any status) with each request's repositories.
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { patRequests, requestRepositories, type PatRequest, type RequestRepository } from "../schema.ts";
import { type RequestStatus } from "../../model/statuses.ts";
import type { TimeCursor } from "../../model/time-cursor.ts";
import { readTimeKeyset, type TimeKeysetPage } from "./time-keyset.ts";

export type RequestWithRepositories = PatRequest & { repositories: RequestRepository[] };

const statusIs = (orgId: number, status: RequestStatus | "all") =>
  and(eq(patRequests.orgId, orgId), status === "all" ? undefined : eq(patRequests.status, status));

/**
 * Pending requests oldest first (the review queue); other statuses newest first, ties by id the same
 * way: `limit` rows, from the start or past an `after`/`before` cursor (model/time-cursor.ts: the
 * newer/older rows past it).
 */
export async function listRequestsPage({ db, orgId, status = "pending", limit, after, before }: {
  db: Db; orgId: number; status?: RequestStatus | "all"; limit: number; after?: TimeCursor; before?: TimeCursor;
}): Promise<TimeKeysetPage<RequestWithRepositories>> {
  const page = await readTimeKeyset({
    list: "requests", at: patRequests.createdAt, id: patRequests.id, order: status === "pending" ? "asc" : "desc", after, before, limit,
    read: async ({ where, orderBy, limit: n, key }) =>
      (await db.select({ row: patRequests, key }).from(patRequests).where(and(statusIs(orgId, status), where)).orderBy(...orderBy).limit(n))
        .map((r) => ({ ...r, id: r.row.id })),
  });
  const repos = await listRequestRepositories({ db, orgId, requestIds: page.rows.map((r) => r.id) });
  return { ...page, rows: page.rows.map((r) => ({ ...r, repositories: repos.get(r.id) ?? [] })) };
}

export async function countRequests({ db, orgId, status = "pending" }: { db: Db; orgId: number; status?: RequestStatus | "all" }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(patRequests).where(statusIs(orgId, status));
  return row?.n ?? 0;
}

export async function getRequest({ db, orgId, requestId }: {
  db: Db; orgId: number; requestId: number;
}): Promise<RequestWithRepositories | null> {
  const [row] = await db.select().from(patRequests).where(and(eq(patRequests.orgId, orgId), eq(patRequests.id, requestId)));
  if (!row) return null;
  const repos = await listRequestRepositories({ db, orgId, requestIds: [row.id] });
  return { ...row, repositories: repos.get(row.id) ?? [] };
}

async function listRequestRepositories({ db, orgId, requestIds }: {
  db: Db; orgId: number; requestIds: number[];
}): Promise<Map<number, RequestRepository[]>> {
  const byRequest = new Map<number, RequestRepository[]>();
  // Bounded batches keep the parameter list well under Postgres' limit for big queues.
  for (let i = 0; i < requestIds.length; i += 1000) {
    const rows = await db
      .select()
      .from(requestRepositories)
      .where(and(eq(requestRepositories.orgId, orgId), inArray(requestRepositories.requestId, requestIds.slice(i, i + 1000))))
      .orderBy(asc(requestRepositories.fullName));
    for (const r of rows) byRequest.set(r.requestId, [...(byRequest.get(r.requestId) ?? []), r]);
  }
  return byRequest;
}
