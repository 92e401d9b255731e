// Structured JSON logs (pino, the logger Probot itself uses), with secrets redacted by path, and
// the request id every line about one HTTP request carries (`reqId`).
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { pino, type Logger } from "pino";
import { safeErrorMessage, translateDatabaseError, withoutQueryText } from "../../model/database-errors.ts";

export type { Logger };

export function createLogger({ level = "info", destination }: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      name: "patwarden",
      level,
      redact: {
        paths: ["*.authorization", "*.headers.authorization", "*.token", "*.privateKey", "*.webhookSecret", "*.password", "*.clientSecret"],
        censor: "[redacted]",
      },
      // A failed statement's message is its SQL and parameters (data): every line says what failed instead.
      serializers: { err: (e: unknown) => (e instanceof Error ? pino.stdSerializers.err(toLoggable(e)) : scrubQueryText(e)) },
      hooks: {
        logMethod(args, method) {
          const safe = args.map((a: unknown) => (typeof a === "string" ? withoutQueryText(a) : a instanceof Error ? toLoggable(a) : a));
          method.apply(this, safe as Parameters<typeof method>);
        },
      },
      formatters: { log: (obj) => scrubQueryText(obj) as Record<string, unknown> },
    },
    // pino's types want its own stream shape; any writable works.
    (destination ?? process.stdout) as unknown as pino.DestinationStream,
  );
}

/** The error as it may be logged: translated, keeping where it was thrown (the frames, not the message). */
function toLoggable(e: Error): Error {
  const t = translateDatabaseError(e);
  if (t === e || !(t instanceof Error)) return e;
  const frames = (e.stack ?? "").split("\n").filter((l) => l.startsWith("    at "));
  t.stack = [`${t.name}: ${t.message}`, ...frames].join("\n");
  return t;
}

/** Strings (one level into nested objects, e.g. a serialized error's message and stack) without any query text. */
function scrubQueryText(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return withoutQueryText(value);
  if (!value || typeof value !== "object" || depth > 2 || Array.isArray(value)) return value;
  // `err` keeps its Error for the serializer (type, stack); an Error elsewhere would log as {}: its message.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v instanceof Error ? (k === "err" ? toLoggable(v) : safeErrorMessage(v)) : scrubQueryText(v, depth + 1)]));
}

/** A proxy's id is kept so logs join up across hops; anything odd (log injection, huge) is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  const id = Array.isArray(given) ? given[0] : given;
  return id && SANE_REQUEST_ID.test(id) ? id : randomUUID();
}
