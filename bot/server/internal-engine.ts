// POST /api/internal/engine: lets `patwarden` invocations reach the engine of the process that owns
// embedded PGlite (PGlite is single-process). Loopback only, bearer token from .data/server.json.
// The body is { verb: "grants.list", input } in the wire format of bot/engine-wire.ts.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Engine } from "../engine.ts";
import { callVerb, decodeWire, encodeWire } from "../engine-wire.ts";
import { BodyTooLarge, readBody, sendJson } from "./body.ts";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const EngineRequest = z.object({ verb: z.string().regex(/^[a-z]+\.[A-Za-z]+$/).max(100), input: z.unknown().optional() });

/** Hashing first makes the comparison constant-time whatever the lengths. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export async function handleInternalEngine({ req, res, token, engine }: {
  req: IncomingMessage; res: ServerResponse; token: string | undefined; engine: Engine;
}): Promise<void> {
  if (!token || !LOOPBACK.has(req.socket.remoteAddress ?? "")) return sendJson(res, 404, { error: "not found" });
  const auth = req.headers.authorization ?? "";
  const given = auth.startsWith("Bearer ") ? auth.slice("Bearer ".length) : "";
  if (!tokensMatch(given, token)) return sendJson(res, 401, { error: "bad or missing token" });
  let call: z.infer<typeof EngineRequest>;
  try {
    const parsed = EngineRequest.safeParse(decodeWire((await readBody({ req, limit: 4 * 1024 * 1024 })).toString("utf8")));
    if (!parsed.success) return sendJson(res, 400, { error: "expected {\"verb\": \"capability.verb\", \"input\": {…}}" });
    call = parsed.data;
  } catch (err) {
    return sendJson(res, err instanceof BodyTooLarge ? 413 : 400, { error: "expected a small JSON body" });
  }
  const reply = await callVerb(engine, call.verb, call.input);
  res.statusCode = 200;
  res.setHeader("content-type", "application/json");
  res.end(encodeWire(reply));
}
