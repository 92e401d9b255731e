// In embedded mode only one process may open PGlite: when `start` or `demo` holds it, a CLI
// invocation runs inside that process instead, over its loopback-only internal endpoint.
import { z } from "zod";
import type { ServerState } from "../server/state-file.ts";
import type { CliResult } from "../server/internal-cli.ts";

const CliResultSchema = z.object({ exitCode: z.number().int(), stdout: z.string(), stderr: z.string() });

export async function forwardToServer({ state, argv }: { state: ServerState; argv: string[] }): Promise<CliResult> {
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${state.port}/api/internal/cli`, {
      method: "POST",
      headers: { authorization: `Bearer ${state.token}`, "content-type": "application/json" },
      body: JSON.stringify({ argv }),
    });
  } catch (err) {
    return failed(`the patwarden server (pid ${state.pid}) holds the embedded database but did not answer on port ${state.port}: ${(err as Error).message}`);
  }
  if (!res.ok) return failed(`the patwarden server (pid ${state.pid}) refused the command (${res.status}); restart it, or set DATABASE_URL`);
  const parsed = CliResultSchema.safeParse(await res.json().catch(() => null));
  return parsed.success ? parsed.data : failed("the patwarden server answered with something unexpected");
}

const failed = (message: string): CliResult => ({ exitCode: 1, stdout: "", stderr: `error: ${message}\n` });
