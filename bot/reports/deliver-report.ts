// Delivers a stored report where the policy file says: one GitHub issue per org (created once,
// then its body replaced and a short comment added per report), and/or a file committed to a
// repository path. Each target is tried on its own; failures are returned, never thrown, so the
// stored report is never lost to a delivery problem.
import type { OctokitLike } from "../github/calls.ts";
import { toPatwardenError } from "../github/errors.ts";
import { bodyMarker, findCommentWithMarker, NO_RETRY, writeOnce } from "../github/write-once.ts";
import type { PolicyConfig } from "../policies/config.ts";
import type { ReportDocument } from "./document.ts";
import { deliverFile, type FileDelivery } from "./deliver-file.ts";
import { renderReport } from "./render.ts";
import { plural } from "../../model/words.ts";

/** GitHub refuses issue and comment bodies over 65,536 characters. */
export const ISSUE_BODY_LIMIT = 65_536;

export type IssueDelivery = { repository: string; number: number; url: string; created: boolean; commentUrl: string | null };
export type { FileDelivery };
export type DeliveryRecord = { issue?: IssueDelivery; file?: FileDelivery; errors?: string[] };

export const issueTitle = (login: string) => `patwarden compliance report: ${login}`;

/** Cuts at a line break under the limit and says where the whole report is. */
export function truncateIssueBody(markdown: string, limit = ISSUE_BODY_LIMIT): string {
  if (markdown.length <= limit) return markdown;
  const note = "\n\n---\n**Truncated**: this report is longer than GitHub allows in an issue. The full report (CSV, JSON, Markdown) is stored in patwarden: `patwarden report --org <org> --list`, then `--id N`.\n";
  const cut = markdown.lastIndexOf("\n", limit - note.length);
  return markdown.slice(0, cut > 0 ? cut : limit - note.length) + note;
}

/** One changes comment per report: its generation time names it (hidden, for a retry to find). */
export const changesMarker = (doc: ReportDocument) => bodyMarker("report-changes", doc.generatedAt);

export function changesComment(doc: ReportDocument): string {
  const c = doc.changes;
  const head = `New report generated ${doc.generatedAt}: ${plural(doc.summary.grantsWithFindings, "grant")} with findings of ${doc.summary.activeGrants.toLocaleString("en-US")} active.`;
  if (!c) return `${head} This is the first report.\n\n${changesMarker(doc)}`;
  const list = (keys: typeof c.newFindings) => keys.slice(0, 10).map((k) => `${k.category} #${k.grantId}`).join(", ") + (keys.length > 10 ? ", …" : "");
  return [
    head,
    `Since report ${c.previousReportId}: ${c.newFindings.length} new findings${c.newFindings.length ? ` (${list(c.newFindings)})` : ""}, ${c.resolvedFindings.length} resolved${c.resolvedFindings.length ? ` (${list(c.resolvedFindings)})` : ""}.`,
    `Revocations in the period: ${doc.summary.revocations}; request decisions: ${doc.summary.requestDecisions.approved} approved, ${doc.summary.requestDecisions.denied} denied.`,
    "",
    changesMarker(doc),
  ].join("\n");
}

type Data = Record<string, unknown>;
const data = (r: { data: unknown }) => (r.data ?? {}) as Data;

/**
 * The App's report issue found by its title, for when no stored report recorded it (a crash after
 * GitHub created it but before the delivery was saved): updating it beats opening a duplicate.
 */
async function findIssueByTitle({ octokit, org, repo }: { octokit: OctokitLike; org: string; repo: string }): Promise<IssueDelivery | null> {
  for (let page = 1; page <= 5; page++) {
    const res = await octokit.request("GET /repos/{owner}/{repo}/issues", { owner: org, repo, state: "all", sort: "created", direction: "asc", per_page: 100, page });
    const list = Array.isArray(res.data) ? (res.data as Data[]) : [];
    const hit = list.find((i) => i.title === issueTitle(org) && !i.pull_request && (i.user as Data | null)?.type === "Bot");
    if (hit) return { repository: repo, number: Number(hit.number), url: String(hit.html_url ?? ""), created: false, commentUrl: null };
    if (list.length < 100) return null;
  }
  return null;
}

async function deliverIssue({ octokit, org, repo, doc, ...opts }: {
  octokit: OctokitLike; org: string; repo: string; doc: ReportDocument; previous: IssueDelivery | null;
}): Promise<IssueDelivery> {
  const body = truncateIssueBody(renderReport(doc, "md"));
  const previous = opts.previous?.repository === repo ? opts.previous : await findIssueByTitle({ octokit, org, repo });
  if (previous) {
    const updated = await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      owner: org, repo, issue_number: previous.number, title: issueTitle(org), body, state: "open",
    }).then(data, (e: { status?: number }) => {
      // Deleted or transferred since: open a new one rather than fail every later report.
      if (e.status === 404 || e.status === 410) return null;
      throw e;
    });
    if (updated) {
      const comment = await writeOnce({
        write: async () => data(await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
          owner: org, repo, issue_number: previous.number, body: changesComment(doc), ...NO_RETRY,
        })),
        find: () => findCommentWithMarker({ octokit, owner: org, repo, issueNumber: previous.number, marker: changesMarker(doc) }),
      });
      return { repository: repo, number: previous.number, url: String(updated.html_url ?? previous.url), created: false, commentUrl: typeof comment.html_url === "string" ? comment.html_url : null };
    }
  }
  // An issue whose answer was lost is found by its title, as a crashed delivery's is.
  return writeOnce({
    write: async () => {
      const created = data(await octokit.request("POST /repos/{owner}/{repo}/issues", { owner: org, repo, title: issueTitle(org), body, ...NO_RETRY }));
      return { repository: repo, number: Number(created.number), url: String(created.html_url ?? ""), created: true, commentUrl: null };
    },
    find: async () => {
      const found = await findIssueByTitle({ octokit, org, repo });
      return found && { ...found, created: true };
    },
  });
}

export async function deliverReport({ octokit, org, config, doc, previousIssue }: {
  octokit: OctokitLike | null;
  org: { login: string };
  config: PolicyConfig;
  doc: ReportDocument;
  /** The issue an earlier report created, to update instead of opening another. */
  previousIssue: IssueDelivery | null;
}): Promise<DeliveryRecord> {
  const { issue, file } = config.reports;
  const out: DeliveryRecord = {};
  const errors: string[] = [];
  if ((issue || file) && !octokit) errors.push(`no GitHub client for ${org.login} (is the App installed?); the report is stored but was not delivered`);
  if (issue && octokit) {
    try {
      out.issue = await deliverIssue({ octokit, org: org.login, repo: issue.repository, doc, previous: previousIssue });
    } catch (error) {
      errors.push(`issue in ${issue.repository}: ${toPatwardenError({ error, what: "report issue" }).message}`);
    }
  }
  if (file && octokit) {
    try {
      out.file = await deliverFile({ octokit, org: org.login, target: file, doc });
    } catch (error) {
      errors.push(`file ${file.repository}/${file.path}: ${toPatwardenError({ error, what: "report file" }).message}`);
    }
  }
  if (errors.length) out.errors = errors;
  return out;
}
