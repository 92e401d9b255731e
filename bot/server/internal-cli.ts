// POST /api/internal/cli: lets `patwarden` invocations reach the process that owns embedded PGlite
// (PGlite is single-process). Loopback only, bearer token from .data/server.json.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { BodyTooLarge, readBody, sendJson } from "./body.ts";

export type CliResult = { exitCode: number; stdout: string; stderr: string };
export type RunCli = (argv: string[]) => Promise<CliResult>;

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const CliRequest = z.object({ argv: z.array(z.string()).max(200) });

/** Hashing first makes the comparison constant-time whatever the lengths. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export async function handleInternalCli({ req, res, token, runCli }: {
  req: IncomingMessage; res: ServerResponse; token: string | undefined; runCli: RunCli;
}): Promise<void> {
  if (!token || !LOOPBACK.has(req.socket.remoteAddress ?? "")) return sendJson(res, 404, { error: "not found" });
  const auth = req.headers.authorization ?? "";
  const given = auth.startsWith("Bearer ") ? auth.slice("Bearer ".length) : "";
  if (!tokensMatch(given, token)) return sendJson(res, 401, { error: "bad or missing token" });
  let argv: string[];
  try {
    const parsed = CliRequest.safeParse(JSON.parse((await readBody({ req, limit: 1024 * 1024 })).toString("utf8")));
    if (!parsed.success) return sendJson(res, 400, { error: "expected {\"argv\": [string, …]}" });
    argv = parsed.data.argv;
  } catch (err) {
    return sendJson(res, err instanceof BodyTooLarge ? 413 : 400, { error: "expected a small JSON body" });
  }
  sendJson(res, 200, await runCli(argv));
}
