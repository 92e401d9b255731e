// `patwarden grants … | head`: the reader leaving early is not an error. The real bin, its stdout a
// pipe whose reader has gone: no EPIPE, no stack trace, the command's own exit status.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../bot/engine.ts";
import { gitHubAppFromEnv } from "../../bot/github/client.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { newServerToken, writeServerState } from "../../bot/server/state-file.ts";
import { startStack, type Stack } from "../server/harness.ts";

const BIN = path.resolve("bin/patwarden.js");
let stack: Stack;
let bridge: RunningServer;
let dataDir: string;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 200 }] });
  const token = newServerToken();
  bridge = await startServer({
    env: stack.env, log: createLogger({ level: "silent" }), port: 0,
    internalEngine: { token, engine: createEngine({ db: stack.handle, github: gitHubAppFromEnv(stack.env) }) },
  });
  dataDir = mkdtempSync(path.join(tmpdir(), "pw-pipe-"));
  writeServerState({ file: path.join(dataDir, "server.json"), state: { pid: process.pid, port: bridge.port, token } });
}, 120_000);
afterAll(async () => {
  await bridge?.close();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the bin with stdout into a pipe whose reader has closed. */
function runIntoClosedReader(args: string[]): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, PATWARDEN_DATA_DIR: dataDir }, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d: Buffer) => void (err += d));
  child.stdout.destroy();
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, err })));
}

describe("output into a pipe that closes early", () => {
  it("grants --format json | head -c 1000: exits 0, quietly (the output is larger than the pipe's buffer)", async () => {
    // A shell's pipe (64 KiB), as at a terminal: node's own stdio pipes are socket pairs with larger buffers.
    const script = `"${process.execPath}" "${BIN}" grants --org acme --format json | head -c 1000 >/dev/null; echo "status \${PIPESTATUS[0]}"`;
    // Not spawnSync: the bin calls this process's server, which must keep answering.
    const child = spawn("bash", ["-c", script], { env: { PATH: process.env.PATH, PATWARDEN_DATA_DIR: dataDir }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => void (out += d));
    child.stderr.on("data", (d: Buffer) => void (err += d));
    await new Promise((resolve) => child.on("close", resolve));
    expect(err).toBe("");
    expect(out).toBe("status 0\n");
  }, 60_000);

  it("grants --format json into a reader that is already gone", async () => {
    const r = await runIntoClosedReader(["grants", "--org", "acme", "--format", "json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  }, 60_000);

  it("--help into a reader that is already gone", async () => {
    const r = await runIntoClosedReader(["--help"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  }, 60_000);
});
