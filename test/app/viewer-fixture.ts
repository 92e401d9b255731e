// The dashboard's server side outside Next, for action and route tests: a real database, a fake
// GitHub for the signed-in user's roles, a fake installation client that records every call, and
// a cookie jar the test file wires into `next/headers` with vi.mock (see revoke-actions.test.ts).
import { loadEnv } from "../../bot/env.ts";
import type { OctokitLike, ResponseLike } from "../../bot/github/calls.ts";
import type { GitHubUserApi, Membership } from "../../app/_lib/github-user.ts";
import { sealSession, type Session } from "../../app/_lib/session.ts";
import { setDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import type { Db } from "../../db/client.ts";
import { testEngine } from "../helpers/engine.ts";

export const jar: { cookie: string | undefined } = { cookie: undefined };

/** org → login → membership; `teams` lists who is on each org's configured security team. */
export type People = { members: Record<string, Record<string, Membership>>; teams?: Record<string, readonly string[]> };

export function fakeUserApi({ members, teams = {} }: People): GitHubUserApi {
  return {
    authorizeUrl: () => "",
    exchangeCode: async () => "",
    getUser: async ({ token }) => ({ id: 1, login: token, name: null, avatarUrl: null }),
    getOrgMembership: async ({ token, org }) => members[org]?.[token] ?? null,
    getTeamMembership: async ({ org, login }) => ((teams[org] ?? []).includes(login) ? { state: "active" } : null),
  };
}

export type RecordedCall = { route: string; options: Record<string, unknown> };

/**
 * An installation client that accepts every revoke and review. GET look-ups answer 422 (as GHES
 * before 3.14 does for token_id[]), so the engine sends every id without first asking which are listed.
 */
export function recordingOctokit(): OctokitLike & { calls: RecordedCall[]; mutations: () => RecordedCall[] } {
  const calls: RecordedCall[] = [];
  return {
    calls,
    mutations: () => calls.filter((c) => c.route.startsWith("POST ")),
    async request(route: string, options: Record<string, unknown> = {}): Promise<ResponseLike> {
      calls.push({ route, options });
      if (route.startsWith("GET ")) {
        throw Object.assign(new Error("Validation Failed"), { status: 422, response: { headers: {}, data: { message: "token_id is not supported" } } });
      }
      return { status: route.includes("{pat_id}") || route.includes("{pat_request_id}") ? 204 : 202, url: route, headers: {}, data: {} };
    },
  };
}

export function setUpRuntime({ db, people, securityTeams = "", octokit, now }: {
  db: Db; people: People; securityTeams?: string; octokit?: OctokitLike | null; now?: () => Date;
}): DashboardRuntime {
  return setDashboardRuntime({
    engine: testEngine({ db, octokit, now }),
    env: loadEnv({ SESSION_SECRET: "k".repeat(40) }),
    github: fakeUserApi(people),
    securityTeams,
    ...(now ? { now } : {}),
  });
}

export async function signInAs({ runtime, login, now = new Date() }: { runtime: DashboardRuntime; login: string | null; now?: Date }): Promise<void> {
  if (!login) {
    jar.cookie = undefined;
    return;
  }
  const session: Session = { user: { id: 1, login, name: null, avatarUrl: null }, token: login, orgs: {}, signedInAt: now.getTime() };
  jar.cookie = await sealSession({ key: runtime.sessionKey, session });
}
