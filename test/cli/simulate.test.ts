// `patwarden simulate` starts the simulator, writes the env file patwarden needs, and stops on signal.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { main } from "../../bot/cli.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "pw-simulate-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it("serves the simulator until stopped and leaves an env file pointing at it", async () => {
  const stop = new AbortController();
  let out = "";
  const done = main(["simulate", "--port", "0", "--seed", "7", "--org", "tiny:12"], {
    env: { PATWARDEN_DATA_DIR: dataDir }, signal: stop.signal, stdout: (t) => void (out += t), stderr: () => {},
  });
  while (!out.includes("Ctrl-C stops the simulator")) await new Promise((r) => setTimeout(r, 50));
  const envFile = path.join(dataDir, "simulator", "simulator.env");
  expect(out).toContain(`. ${envFile}`);
  const env = Object.fromEntries(readFileSync(envFile, "utf8").split("\n").filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split(/=(.*)/s).slice(0, 2)));
  expect(env).toMatchObject({ GHE_PROTOCOL: "http", APP_ID: expect.stringMatching(/^\d+$/) });
  expect(existsSync(env.PRIVATE_KEY_PATH!)).toBe(true);
  const truth = await fetch(`http://${env.GHE_HOST}/_sim/orgs/tiny`);
  expect(((await truth.json()) as { grants: unknown[] }).grants).toHaveLength(12);
  stop.abort();
  expect(await done).toBe(0);
  await expect(fetch(`http://${env.GHE_HOST}/_sim/orgs/tiny`)).rejects.toThrow();
});
