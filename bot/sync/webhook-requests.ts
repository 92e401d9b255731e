// Real-time request state from `personal_access_token_request` webhooks (no API call needed).
import type { Db } from "../../db/client.ts";
import { replaceRequestRepositories } from "../../db/queries/repository-sync.ts";
import { setRequestStatus, upsertRequests } from "../../db/queries/request-sync.ts";
import type { RequestStatus } from "../../model/statuses.ts";
import { InvalidInput } from "../../model/errors.ts";
import { WebhookRequestSchema } from "../github/schemas.ts";
import { toRepositoryRow, webhookRequestToRow } from "./map.ts";

/** From `created` (or any action's payload): the request as pending, with its repositories when the payload lists them all. */
export async function upsertRequestFromWebhook({ db, orgId, request, now = new Date() }: {
  db: Db; orgId: number; request: unknown; now?: Date;
}): Promise<{ requestId: number; added: boolean }> {
  const parsed = WebhookRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInput(`personal_access_token_request.${issue?.path.join(".")}`, issue?.message ?? "invalid payload");
  }
  const r = parsed.data;
  const row = webhookRequestToRow({ request: r, orgId });
  return db.transaction(async (tx) => {
    // The webhook carries no reason or repositories_url: keep what a sync stored.
    const out = await upsertRequests({ db: tx, rows: [row], runId: null, now, keep: ["reason", "repositoriesUrl"] });
    const repos = r.repositories ?? [];
    const complete = r.repository_selection === "subset" && repos.length > 0 && repos.length === (r.repository_count ?? repos.length);
    if (complete) {
      await replaceRequestRepositories({ db: tx, orgId, requestId: r.id, repos: repos.map(toRepositoryRow), keepIds: repos.map((x) => x.id) });
    }
    return { requestId: r.id, added: out.added === 1 };
  });
}

/** From `approved` / `denied` / `cancelled`. False when the request was never seen (a sync will pick it up). */
export async function resolveRequest({ db, orgId, requestId, status, now = new Date() }: {
  db: Db; orgId: number; requestId: number; status: Exclude<RequestStatus, "pending" | "gone">; now?: Date;
}): Promise<boolean> {
  return setRequestStatus({ db, orgId, requestId, status, now });
}
