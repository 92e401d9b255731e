// The embedded-mode bridge's wire format: a CLI in another process calls an engine verb of the
// process that owns PGlite as `{ verb: "grants.list", input }` and gets `{ ok, result | error }`.
// JSON with dates tagged ({"$date": ISO}) both ways, and errors by kind, so a remote verb returns
// and throws exactly what a local one does.
import { Conflict, DatabaseUnavailable, Forbidden, GitHubUnavailable, InvalidInput, NotFound, PatwardenError, RateLimited } from "../model/errors.ts";
import { translateDatabaseError } from "../model/database-errors.ts";
import type { Engine } from "./engine.ts";

export type WireError = { kind: PatwardenError["kind"] | "Error"; message: string; field?: string; resetAt?: string | null; reason?: DatabaseUnavailable["reason"] };
export type WireReply = { ok: true; result: unknown } | { ok: false; error: WireError };

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: Number.isNaN(raw.getTime()) ? null : raw.toISOString() } : v;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === "$date") {
        const iso = (v as { $date: string | null }).$date;
        return iso === null ? new Date(Number.NaN) : new Date(iso);
      }
    }
    return v;
  });
}

export function toWireError(raw: unknown): WireError {
  // Translated here, in the engine's process: a failed statement's message (SQL, parameters) never crosses.
  const e = translateDatabaseError(raw);
  if (e instanceof InvalidInput) return { kind: e.kind, message: e.message.slice(e.field.length + 2), field: e.field };
  if (e instanceof RateLimited) return { kind: e.kind, message: e.message, resetAt: e.resetAt?.toISOString() ?? null };
  if (e instanceof DatabaseUnavailable) return { kind: e.kind, message: e.message, reason: e.reason };
  if (e instanceof PatwardenError) return { kind: e.kind, message: e.message };
  return { kind: "Error", message: e instanceof Error ? e.message : String(e) };
}

export function fromWireError(w: WireError): Error {
  switch (w.kind) {
    case "InvalidInput": return new InvalidInput(w.field ?? "input", w.message);
    case "NotFound": return new NotFound(w.message);
    case "Forbidden": return new Forbidden(w.message);
    case "Conflict": return new Conflict(w.message);
    case "GitHubUnavailable": return new GitHubUnavailable(w.message);
    case "RateLimited": return new RateLimited(w.message, w.resetAt ? new Date(w.resetAt) : null);
    case "DatabaseUnavailable": return new DatabaseUnavailable(w.reason ?? "unreachable", w.message);
    default: return new Error(w.message);
  }
}

/** "grants.list" → that verb of this engine, or undefined for anything that is not one. */
export function findVerb(engine: Engine, verb: string): ((input: unknown) => Promise<unknown>) | undefined {
  const [capability, name, ...rest] = verb.split(".");
  if (!capability || !name || rest.length) return undefined;
  if (!Object.hasOwn(engine, capability)) return undefined;
  const verbs = engine[capability as keyof Engine] as Record<string, unknown>;
  if (!Object.hasOwn(verbs, name) || typeof verbs[name] !== "function") return undefined;
  return verbs[name] as (input: unknown) => Promise<unknown>;
}

/** Runs one verb for the bridge; every failure becomes a typed error reply, never a throw. */
export async function callVerb(engine: Engine, verb: string, input: unknown): Promise<WireReply> {
  const fn = findVerb(engine, verb);
  if (!fn) return { ok: false, error: { kind: "NotFound", message: `no engine verb ${JSON.stringify(verb)}` } };
  try {
    return { ok: true, result: await fn(input ?? {}) };
  } catch (e) {
    return { ok: false, error: toWireError(e) };
  }
}
