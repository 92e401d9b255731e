// Read side of PAT requests: the pending queue (or any status) with each request's repositories.
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { patRequests, requestRepositories, type PatRequest, type RequestRepository } from "../schema.ts";
import { type RequestStatus } from "../../model/statuses.ts";

export type RequestWithRepositories = PatRequest & { repositories: RequestRepository[] };

const statusIs = (orgId: number, status: RequestStatus | "all") =>
  and(eq(patRequests.orgId, orgId), status === "all" ? undefined : eq(patRequests.status, status));

/** Pending requests oldest first (the review queue); other statuses newest first. `limit`: the first so many. */
export async function listRequests({ db, orgId, status = "pending", limit }: {
  db: Db; orgId: number; status?: RequestStatus | "all"; limit?: number;
}): Promise<RequestWithRepositories[]> {
  const query = db
    .select()
    .from(patRequests)
    .where(statusIs(orgId, status))
    .orderBy(status === "pending" ? asc(patRequests.createdAt) : desc(patRequests.createdAt), asc(patRequests.id));
  const rows = limit === undefined ? await query : await query.limit(limit);
  const repos = await listRequestRepositories({ db, orgId, requestIds: rows.map((r) => r.id) });
  return rows.map((r) => ({ ...r, repositories: repos.get(r.id) ?? [] }));
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
