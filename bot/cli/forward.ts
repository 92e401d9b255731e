// In embedded mode only one process may open PGlite: when `start` or `demo` holds it, a CLI
// invocation runs inside that process instead, over its loopback-only internal endpoint.
import { request } from "node:http";
import { z } from "zod";
import type { CliResult } from "../server/internal-cli.ts";
import type { ServerState } from "../server/state-file.ts";

const CliResultSchema = z.object({ exitCode: z.number().int(), stdout: z.string(), stderr: z.string() });

/** "unreachable": nothing listens on that port any more (the server is gone; its file is stale). */
export type ForwardResult = CliResult | "unreachable";

/**
 * node:http rather than fetch: a forwarded `sync` can take minutes before the answer's headers,
 * longer than fetch's built-in headers timeout.
 */
export function forwardToServer({ state, argv }: { state: ServerState; argv: string[] }): Promise<ForwardResult> {
  const body = JSON.stringify({ argv });
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: state.port,
        path: "/api/internal/cli",
        method: "POST",
        headers: { authorization: `Bearer ${state.token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          if (res.statusCode !== 200) {
            return resolve(failed(`the patwarden server (pid ${state.pid}) refused the command (${res.statusCode}); restart it, or set DATABASE_URL`));
          }
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          } catch {
            // Reported below.
          }
          const result = CliResultSchema.safeParse(parsed);
          resolve(result.success ? result.data : failed("the patwarden server answered with something unexpected"));
        });
        res.on("error", (err) => resolve(failed(`the connection to the patwarden server broke: ${err.message}`)));
      },
    );
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") resolve("unreachable");
      else resolve(failed(`the patwarden server (pid ${state.pid}) holds the embedded database but did not answer on port ${state.port}: ${err.message}`));
    });
    req.end(body);
  });
}

const failed = (message: string): CliResult => ({ exitCode: 1, stdout: "", stderr: `error: ${message}\n` });
