// Control methods for repositories, files, issues and the clock (spread into createControl).
import { fileIn, historyOf, normalisePath } from "./contents.ts";
import { SimControlError } from "./control-input.ts";
import { commitAndPush } from "./push.ts";
import { iso } from "./render.ts";
import { gitPersonOf } from "./render-repo.ts";
import { renderIssue, renderIssueComment } from "./render-issue.ts";
import { addRepo, repoData } from "./repos.ts";
import type { SimOrg, SimRepo, SimState } from "./types.ts";
import type { DeliveryResult } from "./webhooks.ts";

export type FileCommitInfo = { sha: string; message: string; date: string; author: { name: string; email: string; login: string | null } };
export type FileTruth = { text: string; sha: string; history: FileCommitInfo[] };
export type PutFileResult = { sha: string; commitSha: string };
export type ClockPatch = { now?: string | number | Date; advanceMs?: number };

export function createRepoControl(args: { state: SimState; orgOf: (login: string) => SimOrg; send: (event: string, payload: unknown) => Promise<DeliveryResult> }) {
  const { state, orgOf, send } = args;
  const repoOf = (login: string, name: string): { org: SimOrg; repo: SimRepo } => {
    const org = orgOf(login);
    const repo = org.reposByName.get(name.toLowerCase());
    if (!repo) throw new SimControlError(404, `no repository ${org.login}/${name}`);
    return { org, repo };
  };
  const pathOf = (raw: string): string => {
    const path = normalisePath(raw);
    if (!path) throw new SimControlError(422, `invalid file path ${JSON.stringify(raw)}`);
    return path;
  };

  return {
    /** A new (empty) repository in the org; `.github`, `security-notices` and `compliance` always exist. */
    addRepo(login: string, name: string): { id: number; name: string; full_name: string; private: boolean } {
      const org = orgOf(login);
      if (org.reposByName.has(name.toLowerCase())) throw new SimControlError(409, `${org.login}/${name} already exists`);
      if (!/^[\w.-]{1,100}$/.test(name) || name === "." || name === "..") throw new SimControlError(422, `invalid repository name ${JSON.stringify(name)}`);
      const repo = addRepo({ state, org, name });
      return { id: repo.id, name: repo.name, full_name: `${org.login}/${repo.name}`, private: repo.private };
    },

    /** Commits `text` to `path` on main as a user (default: the org's demo owner); sends `push`. */
    async putFile(login: string, repoName: string, rawPath: string, text: string, opts: { message?: string; author?: string } = {}): Promise<PutFileResult> {
      const { org, repo } = repoOf(login, repoName);
      const path = pathOf(rawPath);
      const user = state.usersByLogin.get((opts.author ?? org.demo.owner).toLowerCase());
      if (!user) throw new SimControlError(422, `no simulated user ${opts.author}`);
      const actor = { kind: "user" as const, userId: user.id };
      const existed = fileIn(repoData(state, repo).commits, path) !== null;
      const message = opts.message ?? `${existed ? "Update" : "Create"} ${path}`;
      const { commit, payload } = commitAndPush({ state, org, repo, path, text, message, author: gitPersonOf(state, actor), sender: actor });
      await send("push", payload);
      return { sha: commit.blobSha, commitSha: commit.sha };
    },

    /** The file on main with its history (newest first), or null. */
    file(login: string, repoName: string, rawPath: string): FileTruth | null {
      const { repo } = repoOf(login, repoName);
      const path = pathOf(rawPath);
      const current = fileIn(repoData(state, repo).commits, path);
      if (!current) return null;
      const history = historyOf(state, repo, path).map((c) => ({ sha: c.sha, message: c.message, date: iso(c.at), author: { ...c.author } }));
      return { text: current.text, sha: current.sha, history };
    },

    /** Issues as the REST API renders them (oldest first), each with its comments. */
    issues(login: string, repoName: string) {
      const { org, repo } = repoOf(login, repoName);
      return repoData(state, repo).issues.map((i) => ({
        ...renderIssue(state, org, repo, i),
        comments_list: i.comments.map((c) => renderIssueComment(state, org, repo, i, c)),
      }));
    },

    /** Sets (`now`) or moves (`advanceMs`) the simulator clock; token expiry, rate-limit windows, Date headers follow. */
    setClock(patch: ClockPatch): { now: string } {
      if (patch.now !== undefined) {
        const target = patch.now instanceof Date ? patch.now.getTime() : typeof patch.now === "number" ? patch.now : Date.parse(patch.now);
        if (Number.isNaN(target)) throw new SimControlError(422, "now: not a date");
        state.clockOffsetMs = target - state.baseNow().getTime();
      }
      if (patch.advanceMs !== undefined) {
        if (!Number.isFinite(patch.advanceMs)) throw new SimControlError(422, "advanceMs must be a number of milliseconds");
        state.clockOffsetMs += patch.advanceMs;
      }
      return { now: state.now().toISOString() };
    },
    clock: (): { now: string } => ({ now: state.now().toISOString() }),
  };
}
