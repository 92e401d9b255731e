// Structured JSON logs (pino, the logger Probot itself uses), with secrets redacted by path.
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
