// Structured JSON logs (pino, the logger Probot itself uses), with secrets redacted by path, and
// the request id every line about one HTTP request carries (`reqId`).
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { pino, type Logger } from "pino";

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
    },
    // pino's types want its own stream shape; any writable works.
    (destination ?? process.stdout) as unknown as pino.DestinationStream,
  );
}

/** A proxy's id is kept so logs join up across hops; anything odd (log injection, huge) is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  const id = Array.isArray(given) ? given[0] : given;
  return id && SANE_REQUEST_ID.test(id) ? id : randomUUID();
}
