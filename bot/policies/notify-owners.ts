// Owner warnings on GitHub: one issue per owner in notify.repository, mentioning them and listing
// their affected tokens; updated (only when the text changed), never duplicated, closed when nothing
// is pending; plus an optional JSON POST to notify.webhookUrl. Failures are returned, never thrown:
// a run records them and carries on.
import type { Db } from "../../db/client.ts";
import { listOwnerNotices, saveOwnerNotice } from "../../db/queries/owner-notices.ts";
import type { OwnerNotice } from "../../db/schema.ts";
import type { OctokitLike } from "../github/calls.ts";
import { findCommentWithMarker, findIssueWithMarker, NO_RETRY, writeOnce } from "../github/write-once.ts";
import { postWebhook } from "./post-webhook.ts";
import {
  hashNotice, noticeBody, noticeMarker, noticeTitle, removedCredentialsComment, removedCredentialsMarker, revokedComment, revokedMarker, webhookMessage,
  type CredentialNoticeEntry, type NoticeEntry, type RemovedCredential, type WebhookWarning,
} from "./notice-body.ts";

export const WEBHOOK_TIMEOUT_MS = 10_000;

export type NotifyResult = { created: number; updated: number; closed: number; unchanged: number; commented: number; webhookSent: boolean; errors: string[] };

export async function notifyOwners({ db, octokit, org, repository, webhookUrl, pending, revoked, pendingCredentials = new Map(), removedCredentials = new Map(), webhookWarnings, fetchImpl, webhookAllowedHosts, now = new Date() }: {
  db: Db; octokit: OctokitLike; org: { id: number; login: string };
  /** notify.repository; without it only the webhook is used. */
  repository: string | undefined;
  webhookUrl: string | undefined;
  /** Every owner's open warnings after this run (owners absent here get their notice closed). */
  pending: Map<string, NoticeEntry[]>;
  /** Grants this run revoked, per owner (announced as a comment on their issue). */
  revoked: Map<string, { tokenName: string; grantId: number; rules: string[] }[]>;
  /** Every owner's open credential warnings; listed in the same issue under their own table. */
  pendingCredentials?: Map<string, CredentialNoticeEntry[]>;
  /** SSO credential authorizations this run removed, per owner. */
  removedCredentials?: Map<string, RemovedCredential[]>;
  /** What this run newly did (warned, revoked): the webhook is posted only when this is not empty. */
  webhookWarnings: WebhookWarning[];
  /** Tests inject a fetch; otherwise postWebhook, which refuses non-public addresses. */
  fetchImpl?: typeof fetch;
  /** Hosts allowed to resolve to non-public addresses (NOTIFY_WEBHOOK_ALLOWED_HOSTS). */
  webhookAllowedHosts?: readonly string[];
  now?: Date;
}): Promise<NotifyResult> {
  const result: NotifyResult = { created: 0, updated: 0, closed: 0, unchanged: 0, commented: 0, webhookSent: false, errors: [] };
  if (repository) {
    const notices = new Map((await listOwnerNotices({ db, orgId: org.id, repository })).map((n) => [n.ownerLogin.toLowerCase(), n]));
    // A login's grants and credentials may carry it in different case: one owner, one issue.
    const byLower = <T>(m: Map<string, T[]>) => {
      const out = new Map<string, T[]>();
      for (const [k, v] of m) out.set(k.toLowerCase(), [...(out.get(k.toLowerCase()) ?? []), ...v]);
      return out;
    };
    const [grantsOf, revokedOf, credsOf, removedOf] = [byLower(pending), byLower(revoked), byLower(pendingCredentials), byLower(removedCredentials)];
    const display = new Map<string, string>();
    for (const login of [...pending.keys(), ...revoked.keys(), ...pendingCredentials.keys(), ...removedCredentials.keys(), ...[...notices.values()].filter((n) => n.state === "open").map((n) => n.ownerLogin)]) {
      if (!display.has(login.toLowerCase())) display.set(login.toLowerCase(), login);
    }
    for (const [lower, owner] of [...display].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      try {
        const notice = notices.get(lower);
        const number = await syncNotice({ db, octokit, org, repository, owner, notice, entries: grantsOf.get(lower) ?? [], credentials: credsOf.get(lower) ?? [], result, now });
        const removed = removedOf.get(lower);
        if (removed?.length && number !== undefined) {
          const where = { owner: org.login, repo: repository, issue_number: number };
          await writeOnce({
            write: async () => (await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...where, body: removedCredentialsComment({ entries: removed }), ...NO_RETRY })).data,
            find: () => findCommentWithMarker({ octokit, owner: org.login, repo: repository, issueNumber: number, marker: removedCredentialsMarker(removed) }),
          });
          result.commented += 1;
        }
        const gone = revokedOf.get(lower);
        if (gone?.length && number !== undefined) {
          const where = { owner: org.login, repo: repository, issue_number: number };
          await writeOnce({
            write: async () => (await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...where, body: revokedComment({ entries: gone }), ...NO_RETRY })).data,
            find: () => findCommentWithMarker({ octokit, owner: org.login, repo: repository, issueNumber: number, marker: revokedMarker(gone) }),
          });
          result.commented += 1;
        }
      } catch (error) {
        result.errors.push(`warning issue for @${owner} in ${org.login}/${repository}: ${messageOf(error)}`);
      }
    }
  }
  if (webhookUrl && webhookWarnings.length > 0) {
    try {
      const body = webhookMessage({ org: org.login, warnings: webhookWarnings });
      const status = fetchImpl
        ? (await fetchImpl(webhookUrl, {
          method: "POST", headers: { "content-type": "application/json", "user-agent": "patwarden" },
          body: JSON.stringify(body), signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        })).status
        : await postWebhook({ url: webhookUrl, body, timeoutMs: WEBHOOK_TIMEOUT_MS, allowedHosts: webhookAllowedHosts });
      if (status < 200 || status > 299) throw new Error(`answered ${status}`);
      result.webhookSent = true;
    } catch (error) {
      result.errors.push(`notify.webhookUrl: ${messageOf(error)}`);
    }
  }
  return result;
}

async function syncNotice({ db, octokit, org, repository, owner, notice, entries, credentials, result, now }: {
  db: Db; octokit: OctokitLike; org: { id: number; login: string }; repository: string; owner: string;
  notice: OwnerNotice | undefined; entries: NoticeEntry[]; credentials: CredentialNoticeEntry[]; result: NotifyResult; now: Date;
}): Promise<number | undefined> {
  const route = { owner: org.login, repo: repository };
  const title = noticeTitle({ org: org.login, entries, credentials });
  const body = noticeBody({ org: org.login, owner, entries, credentials });
  const bodyHash = hashNotice(title, body);
  const state = entries.length + credentials.length > 0 ? "open" : "closed";
  const save = (issueNumber: number) => saveOwnerNotice({ db, notice: { orgId: org.id, ownerLogin: owner, repository, issueNumber, state, bodyHash, updatedAt: now } });
  const create = async (): Promise<number> => {
    const { number } = await writeOnce({
      write: async () => (await octokit.request("POST /repos/{owner}/{repo}/issues", { ...route, title, body, ...NO_RETRY })).data as { number: number },
      find: () => findIssueWithMarker({ octokit, ...route, marker: noticeMarker(org.login, owner) }),
    });
    await save(number);
    result.created += 1;
    return number;
  };
  if (!notice || (notice.state === "closed" && state === "closed")) {
    // Nothing pending and no open issue: nothing to say (a revocation alone opens no issue).
    if (state === "closed") return notice?.issueNumber;
    return create();
  }
  if (notice.bodyHash === bodyHash && notice.state === state) {
    result.unchanged += 1;
    return notice.issueNumber;
  }
  try {
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...route, issue_number: notice.issueNumber, title, body, state });
  } catch (error) {
    // Deleted or transferred by someone: start a new issue rather than lose the warning.
    const status = (error as { status?: number }).status;
    if ((status !== 404 && status !== 410) || state === "closed") throw error;
    return create();
  }
  await save(notice.issueNumber);
  if (state === "closed") result.closed += 1;
  else result.updated += 1;
  return notice.issueNumber;
}

function messageOf(error: unknown): string {
  const e = error as { status?: number; message?: string };
  return e.status ? `GitHub answered ${e.status} (${e.message ?? ""})` : (e.message ?? String(error));
}
