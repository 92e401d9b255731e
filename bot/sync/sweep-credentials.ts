// The SSO credential-authorization sweep (GHEC with SAML SSO; @octokit/openapi generated/ghec.json, orgs/list-saml-sso-authorizations): every
// page (100 per call, conditional GETs, stored like other list pages), then removal of what the
// completed sweep did not see. GitHub's answer to the first page also says whether the org has the
// source at all: 404 (no SAML SSO, not Enterprise Cloud, GHES) and 403 (no Administration
// permission) are a status on the org's card, not a failure: the sync run still succeeds.
import { getCredentialSource, markCredentialsSynced, setCredentialSource } from "../../db/queries/credential-source.ts";
import { markCredentialsSeen, upsertCredentials } from "../../db/queries/credential-sync.ts";
import { deleteUnsweptPages, saveSyncPages } from "../../db/queries/sync-pages.ts";
import { CREDENTIAL_SOURCE_TEXT, type CredentialSourceStatus } from "../../model/credentials.ts";
import { Forbidden, NotFound } from "../../model/errors.ts";
import type { SyncContext } from "./context.ts";
import { credentialListUrl } from "./credential-list.ts";
import { credentialStats } from "./credential-stats.ts";
import { CredentialAuthorizationSchema, toCredentialRow } from "./credential-map.ts";
import { removeUnseenCredentials } from "./remove-unseen-credentials.ts";
import { sweepPages } from "./sweep-pages.ts";

/**
 * An org that answered 404 is asked again by an automatic full sync at least this long after:
 * scheduled full syncs are a day apart, so each of them asks (SSO turned on shows up within a day),
 * while a full re-sync minutes later does not spend a rate-limit point on the same 404. A sync
 * someone asked for by hand (CLI, "sync now") always asks: they may just have turned SSO on. A 403
 * is asked again on every full sync: an owner who just accepted the permission expects it used.
 */
export const NOT_AVAILABLE_RECHECK_MS = 12 * 3_600_000;

/** Triggers of syncs a person asked for (bot/cli/sync.ts, bot/orgs/sync-now.ts, a manual job). */
export function isManualTrigger(trigger: string): boolean {
  return trigger === "cli" || trigger === "schedule:now" || trigger.startsWith("dashboard:");
}

/**
 * `onlyIfAvailable` (incremental syncs): skip orgs whose last answer was not a 200, so an org
 * without SSO is never asked by the hourly syncs.
 */
export async function sweepCredentials({ ctx, onlyIfAvailable = false, askAgain = false }: {
  ctx: SyncContext; onlyIfAvailable?: boolean;
  /** Ask even an org that answered 404 lately (a sync asked for by hand). */
  askAgain?: boolean;
}): Promise<void> {
  const { db, org, runId } = ctx;
  const before = await getCredentialSource({ db, orgId: org.id });
  if (onlyIfAvailable && before?.status !== "available") return;
  const checkedAgo = before?.checkedAt ? ctx.now().getTime() - before.checkedAt.getTime() : Infinity;
  if (!askAgain && before?.status === "not_available" && checkedAgo >= 0 && checkedAgo < NOT_AVAILABLE_RECHECK_MS) return;
  const stats = credentialStats(ctx);
  try {
    await sweepPages({
      ctx,
      firstUrl: credentialListUrl({ login: org.login }),
      resource: "credentials",
      schema: CredentialAuthorizationSchema,
      family: "credentials",
      trackSweep: true,
      untilShort: true,
      onPage: async (page) => {
        const now = ctx.now();
        if (page.status === 200) {
          const rows = page.items.map((item) => toCredentialRow({ item, now }));
          const out = await db.transaction(async (tx) => {
            const res = await upsertCredentials({ db: tx, orgId: org.id, rows, runId, now });
            if (page.record) await saveSyncPages({ db: tx, pages: [page.record] });
            return res;
          });
          stats.seen += rows.length;
          stats.added += out.added;
          stats.updated += out.updated;
          return "ok";
        }
        const seen = await markCredentialsSeen({ db, orgId: org.id, ids: page.ids, runId, now });
        if (seen.found < page.ids.length) return "refetch";
        stats.seen += page.ids.length;
        stats.updated += seen.reactivated;
        return "ok";
      },
    });
  } catch (e) {
    const status: CredentialSourceStatus | null = e instanceof NotFound ? "not_available" : e instanceof Forbidden && !isBadAppKey(e) ? "forbidden" : null;
    if (!status || !(e instanceof Error)) throw e; // rate limit, outage, lost lease: the run fails and nothing is removed
    await noteSource({ ctx, status, detail: githubMessage(e), previous: before?.status ?? null });
    return;
  }
  await noteSource({ ctx, status: "available", detail: null, previous: before?.status ?? null });
  // Every page answered: now, and only now, what the sweep did not see may go.
  stats.removed += await removeUnseenCredentials({ ctx });
  await markCredentialsSynced({ db, orgId: org.id, at: ctx.now() });
  await deleteUnsweptPages({ db, orgId: org.id, resource: "credentials", runId });
}

async function noteSource({ ctx, status, detail, previous }: {
  ctx: SyncContext; status: CredentialSourceStatus; detail: string | null; previous: CredentialSourceStatus | null;
}): Promise<void> {
  credentialStats(ctx).status = status;
  await setCredentialSource({ db: ctx.db, orgId: ctx.org.id, status, detail, now: ctx.now() });
  // One info line when the answer changes; an org without SSO is a fact, never an error or warning.
  if (previous !== status) ctx.log.info(`${ctx.org.login}: ${CREDENTIAL_SOURCE_TEXT[status]}${detail ? ` (GitHub: ${detail})` : ""}`);
}

/** A 401 is also Forbidden, but it is the App's own key that failed: that fails the run like any call. */
function isBadAppKey(e: Forbidden): boolean {
  return (e.cause as { status?: number } | undefined)?.status === 401;
}

/** GitHub's own message ("Not Found", "Resource not accessible by integration"), for the card. */
function githubMessage(e: Error): string | null {
  const data = (e.cause as { response?: { data?: { message?: unknown } } } | undefined)?.response?.data;
  return typeof data?.message === "string" ? data.message : null;
}
