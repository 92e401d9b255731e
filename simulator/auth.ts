// App JWTs (RS256, checked with node:crypto), installation tokens (1 h by the simulator clock)
// and OAuth user tokens. Error messages are GitHub's own, because @octokit/auth-app recognises
// the clock-skew ones and retries with the server's Date header.
import { randomBytes, verify } from "node:crypto";
import { basicError } from "./http-util.ts";
import type { SimOrg, SimState } from "./types.ts";

export type Principal =
  | { kind: "app" }
  | { kind: "installation"; installationId: number; permissions: Record<string, string>; token: string }
  | { kind: "user"; userId: number; token: string };

const JWT_DOCS = "https://docs.github.com/rest/apps/apps#get-the-authenticated-app";
export const MSG_EXP_PAST = "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
export const MSG_EXP_FAR = "'Expiration time' claim ('exp') is too far in the future";
export const MSG_IAT = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
export const MSG_DECODE = "A JSON web token could not be decoded";

function unauthorized(message: string, docs = JWT_DOCS) {
  return basicError({ status: 401, message, docs });
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Throws a 401 HttpError unless `jwt` is a valid App JWT right now. */
export function verifyAppJwt(state: SimState, jwt: string): void {
  const [h, p, s] = jwt.split(".");
  const header = h ? decodePart(h) : null;
  const payload = p ? decodePart(p) : null;
  if (!header || !payload || !s || header.alg !== "RS256") throw unauthorized(MSG_DECODE);
  const valid = verify("RSA-SHA256", Buffer.from(`${h}.${p}`), state.app.publicKey, Buffer.from(s, "base64url"));
  if (!valid) throw unauthorized(MSG_DECODE);
  const iss = payload.iss;
  if (String(iss) !== String(state.app.id) && iss !== state.app.clientId) throw unauthorized("Integration not found");
  const { exp, iat } = payload;
  const check = (now: number): string | null => {
    if (typeof iat !== "number" || !Number.isInteger(iat) || iat > now + 60) return MSG_IAT;
    if (typeof exp !== "number" || exp <= now) return MSG_EXP_PAST;
    return exp > now + 600 ? MSG_EXP_FAR : null;
  };
  const problem = check(Math.floor(state.now().getTime() / 1000));
  // Once setClock moved the simulator clock, a JWT made by the client's own clock is accepted
  // too. @octokit/auth-app would recover anyway (401, then a retry with the Date header's skew),
  // but it does so on every App-JWT request, with a warning and an extra logged 401 each time;
  // and hand-made JWTs (test/helpers/sim.ts) would all need `at`.
  if (problem && (state.clockOffsetMs === 0 || check(Math.floor(state.baseNow().getTime() / 1000)) !== null)) throw unauthorized(problem);
}

function randomToken(prefix: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(36);
  let out = prefix;
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export function issueInstallationToken(args: { state: SimState; org: SimOrg; permissions: Record<string, string> }) {
  const { state, org, permissions } = args;
  const token = randomToken("ghs_");
  const expiresAt = state.now().getTime() + state.tokenTtlSec * 1000;
  state.tokens.set(token, { kind: "installation", installationId: org.installation.id, expiresAt, permissions });
  return { token, expiresAt };
}

export function issueUserToken(args: { state: SimState; userId: number }): string {
  const token = randomToken("ghu_");
  args.state.tokens.set(token, { kind: "user", userId: args.userId, expiresAt: null });
  return token;
}

/** Who is calling, from the Authorization header; null when there is none. Throws 401/403 for bad credentials. */
export function resolvePrincipal(state: SimState, authorization: string | undefined): Principal | null {
  if (!authorization) return null;
  const match = /^(bearer|token)\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthorized("Bad credentials", "https://docs.github.com/rest");
  const scheme = match[1]!;
  const credential = match[2]!;
  if (scheme.toLowerCase() === "bearer" && credential.split(".").length === 3) {
    verifyAppJwt(state, credential);
    return { kind: "app" };
  }
  const record = state.tokens.get(credential);
  const nowMs = state.now().getTime();
  if (!record || (record.expiresAt !== null && record.expiresAt <= nowMs)) {
    throw unauthorized("Bad credentials", "https://docs.github.com/rest");
  }
  if (record.kind === "user") return { kind: "user", userId: record.userId, token: credential };
  const org = state.installations.get(record.installationId);
  if (!org || org.installation.deleted) throw unauthorized("Bad credentials", "https://docs.github.com/rest");
  if (org.installation.suspendedAt !== null) {
    throw basicError({ status: 403, message: "This installation has been suspended", docs: "https://docs.github.com/rest/apps/apps" });
  }
  // A token carries the installation's permissions at use time, narrowed by what it was created with.
  const permissions: Record<string, string> = {};
  for (const [name, level] of Object.entries(record.permissions)) {
    const granted = org.installation.permissions[name];
    if (granted) permissions[name] = granted === "write" || level === "read" ? level : granted;
  }
  return { kind: "installation", installationId: record.installationId, permissions, token: credential };
}
