// The server side of CLI forwarding: run `patwarden …` in this process with its database handle,
// capturing what it prints.
import type { DbHandle } from "../../db/client.ts";
import type { RunCli } from "../server/internal-cli.ts";

export function createInProcessCli({ handle, env }: { handle: DbHandle; env: NodeJS.ProcessEnv }): RunCli {
  return async (argv) => {
    let stdout = "";
    let stderr = "";
    // Imported lazily: the CLI imports the server, and this runs long after both have loaded.
    const { main } = await import("../cli.ts");
    const exitCode = await main(argv, {
      db: handle,
      env,
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      signal: new AbortController().signal,
    });
    return { exitCode, stdout, stderr };
  };
}
