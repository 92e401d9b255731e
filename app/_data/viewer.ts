import "server-only";
// The signed-in user, read from the session cookie once per request.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { openLiveSession } from "../_lib/live-session.ts";
import { SESSION_COOKIE, type Session } from "../_lib/session.ts";
import { getDashboardRuntime } from "./runtime.ts";

export type Viewer = {
  login: string;
  name: string | null;
  avatarUrl: string | null;
  /** Request-scoped copy: live role checks made during this request are cached on it. */
  session: Session;
};

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const runtime = getDashboardRuntime();
  const jar = await cookies();
  const session = await openLiveSession({ engine: runtime.engine, key: runtime.sessionKey, cookie: jar.get(SESSION_COOKIE)?.value, now: runtime.now() });
  if (!session) return null;
  return { login: session.user.login, name: session.user.name, avatarUrl: session.user.avatarUrl, session: structuredClone(session) };
});

/** Pages call this first: signed-out visitors go to the sign-in page and come back afterwards. */
export async function requireViewer({ returnTo }: { returnTo?: string } = {}): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login");
  return viewer;
}
