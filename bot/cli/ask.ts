// One question at the terminal (confirmations such as typing the org name before a revocation).
import { createInterface } from "node:readline/promises";

export async function askTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
