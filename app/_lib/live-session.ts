// A session cookie is live when it opens (sealed, unexpired, well-formed) and its sign-in has not
// been signed out. The second check is what makes sign-out final: the cookie itself is stateless,
// so a copy taken before sign-out would otherwise open until it expires.
import type { Engine } from "../../bot/engine.ts";
import { openSession, sessionExpiry, type Session } from "./session.ts";

export async function openLiveSession({ engine, key, cookie, now }: {
  engine: Engine; key: Buffer; cookie: string | undefined; now: Date;
}): Promise<Session | null> {
  const session = await openSession({ key, cookie, now });
  if (!session) return null;
  const signedOut = await engine.ops.isSignedOut({ userId: session.user.id, signedInAt: session.signedInAt });
  return signedOut ? null : session;
}

/** Ends the sign-in the cookie belongs to, for every copy of the cookie. A dead cookie needs nothing. */
export async function signOutSession({ engine, key, cookie, now }: {
  engine: Engine; key: Buffer; cookie: string | undefined; now: Date;
}): Promise<boolean> {
  const session = await openSession({ key, cookie, now });
  if (!session) return false;
  await engine.ops.signOut({ userId: session.user.id, signedInAt: session.signedInAt, expiresAt: sessionExpiry(session), now });
  return true;
}
