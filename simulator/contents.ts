// A repository's files as a linear history on `main`: every write is one commit changing one
// file. Blob shas are real git blob sha1s of the text (what GitHub's `sha` is), so a client may
// compute them itself; commit and tree shas are derived deterministically from their content.
import { createHash } from "node:crypto";
import { repoData } from "./repos.ts";
import type { GitPerson, SimCommit, SimRepo, SimState } from "./types.ts";

export const DEFAULT_BRANCH = "main";

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** git hash-object of a text file. */
export function blobSha(text: string): string {
  return sha1(`blob ${Buffer.byteLength(text)}\0${text}`);
}

export type FileVersion = { text: string; sha: string; commit: SimCommit };

/** The commits up to `ref` (a branch name or a commit sha, ≥ 7 hex chars), or null when the ref is unknown. */
export function commitsAt(state: SimState, repo: SimRepo, ref: string | null): SimCommit[] | null {
  const { commits } = repoData(state, repo);
  if (ref === null || ref === DEFAULT_BRANCH || ref === `refs/heads/${DEFAULT_BRANCH}`) return commits;
  if (!/^[0-9a-f]{7,40}$/i.test(ref)) return null;
  const index = commits.findIndex((c) => c.sha.startsWith(ref.toLowerCase()));
  return index < 0 ? null : commits.slice(0, index + 1);
}

export function fileIn(commits: readonly SimCommit[], path: string): FileVersion | null {
  for (let i = commits.length - 1; i >= 0; i--) {
    const c = commits[i]!;
    if (c.path === path) return { text: c.text, sha: c.blobSha, commit: c };
  }
  return null;
}

export type DirEntry = { type: "file" | "dir"; name: string; path: string; sha: string; size: number };

/** The entries of directory `dir` at these commits (files and subdirectories, by name), or null when there is none. */
export function listDir(commits: readonly SimCommit[], dir: string): DirEntry[] | null {
  const files = new Map<string, SimCommit>();
  for (const c of commits) files.set(c.path, c);
  const entries = new Map<string, DirEntry>();
  for (const [path, c] of files) {
    if (!path.startsWith(`${dir}/`)) continue;
    const [name, ...rest] = path.slice(dir.length + 1).split("/");
    const entryPath = `${dir}/${name}`;
    if (rest.length === 0) entries.set(name!, { type: "file", name: name!, path: entryPath, sha: c.blobSha, size: Buffer.byteLength(c.text) });
    else if (!entries.has(name!)) entries.set(name!, { type: "dir", name: name!, path: entryPath, sha: sha1(`tree ${entryPath}`), size: 0 });
  }
  return entries.size === 0 ? null : [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Newest first. */
export function historyOf(state: SimState, repo: SimRepo, path: string | null): SimCommit[] {
  return repoData(state, repo).commits.filter((c) => path === null || c.path === path).reverse();
}

export function headSha(state: SimState, repo: SimRepo): string | null {
  const { commits } = repoData(state, repo);
  return commits.at(-1)?.sha ?? null;
}

/** Appends a commit that writes `text` to `path` on main (callers check shas first). */
export function writeFile(args: { state: SimState; repo: SimRepo; path: string; text: string; message: string; author: GitPerson }): SimCommit {
  const { state, repo, path, text, message, author } = args;
  const { commits } = repoData(state, repo);
  const parent = commits.at(-1) ?? null;
  const blob = blobSha(text);
  const treeSha = sha1(`tree ${parent?.treeSha ?? ""} ${path} ${blob}`);
  const at = Math.floor(state.now().getTime() / 1000) * 1000;
  const commit: SimCommit = {
    sha: sha1(`commit ${repo.id} ${commits.length} ${treeSha} ${parent?.sha ?? ""} ${at} ${author.email}\n${message}`),
    treeSha,
    parent: parent?.sha ?? null,
    message,
    at,
    author,
    path,
    blobSha: blob,
    text,
    added: fileIn(commits, path) === null,
  };
  commits.push(commit);
  return commit;
}

/** A path as GitHub accepts it in the contents API: no leading or trailing slash, no empty or dot segments. */
export function normalisePath(raw: string): string | null {
  const path = raw.replace(/^\/+|\/+$/g, "");
  if (path === "" || path.split("/").some((s) => s === "" || s === "." || s === "..")) return null;
  return path;
}
