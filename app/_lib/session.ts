// What the session cookie holds, and how it is read and written. Pure: the cookie jar belongs to
// the caller (a route handler, a page, or the server handler's refresh step).
import { z } from "zod";
import { sealValue, unsealValue } from "./session-crypto.ts";

export const SESSION_COOKIE = "pw_session";
export const OAUTH_STATE_COOKIE = "pw_oauth_state";
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Org roles older than this are asked of GitHub again before they are trusted. */
export const ROLE_TTL_MS = 5 * 60 * 1000;
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export const OrgRoleSchema = z.object({
  /** The viewer's org membership role; "none" when not an (active) member. */
  role: z.enum(["admin", "member", "none"]),
  /** Member of the security team configured for this org (SECURITY_TEAMS). */
  team: z.boolean(),
  checkedAt: z.number(),
});
export type OrgRole = z.infer<typeof OrgRoleSchema>;

export const SessionSchema = z.object({
  user: z.object({ id: z.number(), login: z.string(), name: z.string().nullable(), avatarUrl: z.string().nullable() }),
  /** The user's OAuth token (a GitHub App user token): only used to ask GitHub who the user is and what they may see. */
  token: z.string().min(1),
  /** Keyed by lower-cased org login. */
  orgs: z.record(z.string(), OrgRoleSchema),
  signedInAt: z.number(),
});
export type Session = z.infer<typeof SessionSchema>;

export const OAuthStateSchema = z.object({ state: z.string().min(16), returnTo: z.string() });
export type OAuthState = z.infer<typeof OAuthStateSchema>;

export type CookieOptions = {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: string;
  expires: Date;
};

export function sessionCookieOptions({ secure, expiresAt }: { secure: boolean; expiresAt: Date }): CookieOptions {
  return { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt };
}

/** A session's expiry is fixed at sign-in: refreshing roles never extends it. */
export function sessionExpiry(session: Session): Date {
  return new Date(session.signedInAt + SESSION_TTL_MS);
}

export function sealSession({ key, session }: { key: Buffer; session: Session }): Promise<string> {
  return sealValue({ key, value: session, expiresAt: sessionExpiry(session), ttlMs: SESSION_TTL_MS, context: SESSION_COOKIE });
}

export async function openSession({ key, cookie, now = new Date() }: { key: Buffer; cookie: string | undefined; now?: Date }): Promise<Session | null> {
  if (!cookie) return null;
  const unsealed = await unsealValue({ key, sealed: cookie, context: SESSION_COOKIE, now });
  if (!unsealed.ok) return null;
  const parsed = SessionSchema.safeParse(unsealed.value);
  if (!parsed.success) return null;
  // Belt and braces: the sealed expiry and the recorded sign-in time must agree.
  if (sessionExpiry(parsed.data).getTime() <= now.getTime()) return null;
  return parsed.data;
}

export function sealOAuthState({ key, value, now = new Date() }: { key: Buffer; value: OAuthState; now?: Date }): Promise<string> {
  return sealValue({ key, value, expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS), ttlMs: OAUTH_STATE_TTL_MS, context: OAUTH_STATE_COOKIE });
}

export async function openOAuthState({ key, cookie, now = new Date() }: { key: Buffer; cookie: string | undefined; now?: Date }): Promise<OAuthState | null> {
  if (!cookie) return null;
  const unsealed = await unsealValue({ key, sealed: cookie, context: OAUTH_STATE_COOKIE, now });
  if (!unsealed.ok) return null;
  const parsed = OAuthStateSchema.safeParse(unsealed.value);
  return parsed.success ? parsed.data : null;
}

/** Only same-site paths: "/orgs/acme" yes; "//evil.example", "https://…", "/\\evil" no. */
export function safeReturnTo(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\") || /[\r\n]/.test(raw)) return "/orgs";
  return raw;
}

/** Secure cookies whenever the browser sees https (directly, or through a TLS-terminating proxy). */
export function isHttps({ protocol, forwardedProto }: { protocol: string; forwardedProto: string | null | undefined }): boolean {
  const forwarded = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  return forwarded === "https" || protocol === "https:" || protocol === "https";
}
