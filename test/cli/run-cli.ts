// Runs `patwarden …` in-process and captures what it prints.
import { main, type CliIo } from "../../bot/cli.ts";

export type CliRun = { code: number; out: string; err: string };

export async function runCli(argv: string[], io: Omit<CliIo, "stdout" | "stderr">): Promise<CliRun> {
  let out = "";
  let err = "";
  const code = await main(argv, {
    signal: new AbortController().signal,
    ...io,
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}
