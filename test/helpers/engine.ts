// An engine over a test database, for tests that set up a face (the dashboard's runtime, the CLI)
// on a drizzle handle they already hold; `octokit` stands in for every installation's client.
import { createEngine, type Engine, type EngineStorage } from "../../bot/engine.ts";
import type { GitHubApp } from "../../bot/github/client.ts";
import type { OctokitLike } from "../../bot/github/calls.ts";
import type { Db, DbHandle } from "../../db/client.ts";

export function testEngine({ db, handle, octokit, now }: {
  db?: Db; handle?: DbHandle; octokit?: OctokitLike | ((installationId: number) => OctokitLike) | null; now?: () => Date;
}): Engine {
  const storage: EngineStorage = handle ?? { db: db!, kind: "postgres", where: "test", close: async () => {} };
  const forInstallation = typeof octokit === "function" ? octokit : octokit ? () => octokit : null;
  const github = forInstallation
    ? ({ appOctokit: forInstallation(0), installationOctokit: forInstallation } as unknown as GitHubApp)
    : null;
  return createEngine({ db: storage, github, ...(now ? { clock: now } : {}) });
}
