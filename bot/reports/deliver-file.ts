// The report as a file committed to a repository path (replacing the file there, with its blob sha),
// written once even when the commit's answer is lost (bot/github/write-once.ts).
import type { OctokitLike } from "../github/calls.ts";
import { NO_RETRY, writeOnce } from "../github/write-once.ts";
import type { PolicyConfig } from "../policies/config.ts";
import type { ReportDocument } from "./document.ts";
import { renderReport } from "./render.ts";

export type FileDelivery = { repository: string; path: string; format: string; commitSha: string; contentSha: string; url: string | null };

/** `{date}` → YYYY-MM-DD of the report, `{format}` → its extension. */
export function reportFilePath({ template, generatedAt, format }: { template: string; generatedAt: string; format: string }): string {
  return template.replaceAll("{date}", generatedAt.slice(0, 10)).replaceAll("{format}", format);
}

type Data = Record<string, unknown>;
const data = (r: { data: unknown }) => (r.data ?? {}) as Data;

export async function deliverFile({ octokit, org, target, doc }: {
  octokit: OctokitLike; org: string; target: NonNullable<PolicyConfig["reports"]["file"]>; doc: ReportDocument;
}): Promise<FileDelivery> {
  const path = reportFilePath({ template: target.path, generatedAt: doc.generatedAt, format: target.format });
  const repo = target.repository;
  // Read before writing: an existing file's blob sha is required to replace it.
  let sha: string | undefined;
  try {
    const existing = data(await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: org, repo, path }));
    if (typeof existing.sha === "string") sha = existing.sha;
  } catch (e) {
    if ((e as { status?: number }).status !== 404) throw e;
  }
  const text = renderReport(doc, target.format);
  const delivered = (content: Data, commitSha: string): FileDelivery => ({
    repository: repo, path, format: target.format, commitSha, contentSha: String(content.sha ?? ""),
    url: typeof content.html_url === "string" ? content.html_url : null,
  });
  return writeOnce({
    write: async () => {
      const res = data(await octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
        owner: org, repo, path,
        message: `patwarden compliance report for ${org}, ${doc.generatedAt}`,
        content: Buffer.from(text, "utf8").toString("base64"),
        ...(sha ? { sha } : {}),
        ...NO_RETRY,
      }));
      return delivered((res.content ?? {}) as Data, String(((res.commit ?? {}) as Data).sha ?? ""));
    },
    // A lost answer: the file's sha moved and it holds exactly this report, so the commit happened.
    find: async () => {
      const now = data(await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: org, repo, path }).catch((e: { status?: number }) => {
        if (e.status === 404) return { data: {} };
        throw e;
      }));
      if (typeof now.sha !== "string" || now.sha === sha || typeof now.content !== "string") return null;
      if (Buffer.from(now.content, "base64").toString("utf8") !== text) return null;
      const commits = await octokit.request("GET /repos/{owner}/{repo}/commits", { owner: org, repo, path, per_page: 1 });
      const head = Array.isArray(commits.data) ? (commits.data[0] as Data | undefined) : undefined;
      return delivered(now, String(head?.sha ?? ""));
    },
  });
}
