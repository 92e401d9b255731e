// The real OAuth web flow with fetch (no browser): our login route → the simulator's user picker →
// our callback. Shared by the browser tests' harness, tests that sign in over plain HTTP, and the
// benches; it imports nothing of ours, so a bench can use it without the test stack.

/** Signs in as `login`; returns the whole `Set-Cookie` line of the session (`name=value; …`). */
export async function signInSetCookie({ url, login }: { url: string; login: string }): Promise<string> {
  const start = await fetch(`${url}/api/auth/login`, { redirect: "manual" });
  const state = start.headers.getSetCookie().find((c) => c.startsWith("pw_oauth_state="))?.split(";")[0];
  if (!state) throw new Error(`sign-in as ${login} did not start: ${start.status}`);
  const authorize = new URL(start.headers.get("location")!);
  authorize.searchParams.set("login", login);
  const picked = await fetch(authorize, { redirect: "manual" });
  const back = await fetch(picked.headers.get("location")!, { redirect: "manual", headers: { cookie: state } });
  const session = back.headers.getSetCookie().find((c) => c.startsWith("pw_session="));
  if (!session) throw new Error(`sign-in as ${login} failed: ${back.status}`);
  return session;
}
