// Reads `.github/patwarden.yml` from the org's `.github` repository (the place Probot's config
// loader looks) and stores what it found. We read the file through the contents API ourselves
// instead of `context.config()` / @probot/octokit-plugin-config: those parse the YAML and hand
// back a plain object, losing the line numbers every validation error must name, and they are
// tied to a webhook context while the CLI, jobs and dashboard load the file without one.
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { savePolicyConfigRow } from "../../db/queries/policy-configs.ts";
import type { OctokitLike } from "../github/calls.ts";
import { toPatwardenError } from "../github/errors.ts";
import { DEFAULT_POLICY_CONFIG, parsePolicyConfig, POLICY_FILE } from "./config.ts";
import { getEffectivePolicy, type EffectivePolicy } from "./effective.ts";

const contentsSchema = z.object({ type: z.string(), sha: z.string(), content: z.string().optional(), encoding: z.string().optional() });

type FetchedFile = { found: false } | { found: true; sha: string; text: string };

/** The file's text, or found: false on 404. Any other failure throws (GitHubUnavailable, RateLimited, Forbidden …). */
export async function fetchPolicyFile({ octokit, org }: { octokit: OctokitLike; org: string }): Promise<FetchedFile> {
  let data: unknown;
  try {
    ({ data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: org, repo: POLICY_FILE.repository, path: POLICY_FILE.path,
    }));
  } catch (error) {
    // No `.github` repository or no file: the org has no policy file (Probot's loader reads 404 the same way).
    if ((error as { status?: number }).status === 404) return { found: false };
    throw toPatwardenError({ error, what: `reading ${POLICY_FILE.repository}/${POLICY_FILE.path} of ${org}` });
  }
  const file = contentsSchema.parse(data);
  if (file.type !== "file") return { found: false };
  const text = file.encoding === "base64" || file.encoding === undefined
    ? Buffer.from(file.content ?? "", "base64").toString("utf8")
    : file.content ?? "";
  return { found: true, sha: file.sha, text };
}

/**
 * Loads and stores the org's policy file: absent → "default" (DEFAULT_POLICY_CONFIG, report only);
 * broken → "invalid" with every error (runs are then skipped; nothing of it applies); else "valid".
 * A GitHub failure throws and leaves the stored state as it was, never falling back to defaults.
 */
export async function loadPolicyConfig({ db, octokit, org, now = new Date() }: {
  db: Db; octokit: OctokitLike; org: { id: number; login: string }; now?: Date;
}): Promise<EffectivePolicy> {
  const file = await fetchPolicyFile({ octokit, org: org.login });
  const base = { repository: POLICY_FILE.repository, path: POLICY_FILE.path, loadedAt: now };
  if (!file.found) {
    await savePolicyConfigRow({ db, orgId: org.id, row: { ...base, status: "default", sha: null, source: null, config: DEFAULT_POLICY_CONFIG, errors: [] } });
  } else {
    const parsed = parsePolicyConfig(file.text);
    await savePolicyConfigRow({
      db, orgId: org.id,
      row: parsed.ok
        ? { ...base, status: "valid", sha: file.sha, source: file.text, config: parsed.config, errors: [] }
        : { ...base, status: "invalid", sha: file.sha, source: file.text, config: {}, errors: parsed.errors },
    });
  }
  return getEffectivePolicy({ db, orgId: org.id });
}
