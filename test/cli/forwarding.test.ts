// Embedded mode is single-process: a CLI invocation finds the running server through
// <data dir>/server.json and calls its engine over POST /api/internal/engine (token required).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../bot/engine.ts";
import { gitHubAppFromEnv } from "../../bot/github/client.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { newServerToken, writeServerState } from "../../bot/server/state-file.ts";
import { startStack, type Stack } from "../server/harness.ts";
import { runCli } from "./run-cli.ts";

let stack: Stack;
let bridge: RunningServer;
let dataDir: string;
const token = newServerToken();

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 30, requests: 2 }] });
  bridge = await startServer({
    env: stack.env, log: createLogger({ level: "silent" }), port: 0,
    internalEngine: { token, engine: createEngine({ db: stack.handle, github: gitHubAppFromEnv(stack.env) }) },
  });
  dataDir = mkdtempSync(path.join(tmpdir(), "pw-forward-"));
  writeServerState({ file: path.join(dataDir, "server.json"), state: { pid: process.pid, port: bridge.port, token } });
});
afterAll(async () => {
  await bridge?.close();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The caller's environment: embedded mode (no DATABASE_URL), pointed at the test data dir. */
const callerEnv = (dir = dataDir) => ({ PATWARDEN_DATA_DIR: dir });

describe("CLI forwarding to the server that owns the embedded database", () => {
  it("writes the state file readable by its owner only", () => {
    expect(statSync(path.join(dataDir, "server.json")).mode & 0o777).toBe(0o600);
  });

  it("runs the command in the server and prints its output", async () => {
    const direct = await runCli(["grants", "--org", "acme", "--format", "json"], { db: stack.handle, env: stack.rawEnv });
    const forwarded = await runCli(["grants", "--org", "acme", "--format", "json"], { env: callerEnv() });
    expect(forwarded.code).toBe(0);
    expect(forwarded.out).toBe(direct.out);
    expect(JSON.parse(forwarded.out)).toHaveLength(30);
  });

  it("syncs with the server's GitHub App when the caller has none configured (the demo's second terminal)", async () => {
    const r = await runCli(["sync", "--org", "acme"], { env: callerEnv() });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^acme: full sync succeeded/m);
  });

  it("passes bad-input errors and exit codes through", async () => {
    const r = await runCli(["grants", "--org", "nope"], { env: callerEnv() });
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: --org: unknown org "nope"; known orgs: acme\n');
  });

  it("requires the bearer token", async () => {
    const url = `${bridge.url}/api/internal/engine`;
    const body = JSON.stringify({ verb: "ops.ping", input: {} });
    expect((await fetch(url, { method: "POST", body })).status).toBe(401);
    expect((await fetch(url, { method: "POST", body, headers: { authorization: `Bearer ${"f".repeat(64)}` } })).status).toBe(401);
    expect((await fetch(url, { method: "POST", body, headers: { authorization: `Bearer ${token.slice(0, -1)}` } })).status).toBe(401);
    const ok = await fetch(url, { method: "POST", body, headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, result: { pid: process.pid } });
  });

  it("refuses commands that cannot run inside the server", async () => {
    const r = await runCli(["start"], { env: callerEnv() });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already owns the embedded database/);
  });

  it("reports a server that refuses the token instead of opening the database behind its back", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pw-forward-bad-"));
    writeServerState({ file: path.join(dir, "server.json"), state: { pid: process.pid, port: bridge.port, token: newServerToken() } });
    const r = await runCli(["grants", "--org", "acme"], { env: callerEnv(dir) });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/refused the command \(401\)/);
    expect(existsSync(path.join(dir, "pglite"))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it("opens the embedded database itself when the server named in the file is gone", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pw-forward-stale-"));
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeServerState({ file: path.join(dir, "server.json"), state: { pid: deadPid, port: bridge.port, token } });
    const r = await runCli(["migrate"], { env: callerEnv(dir) });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`pglite: ${path.join(dir, "pglite")}`);
    expect(JSON.parse(readFileSync(path.join(dir, "server.json"), "utf8")).pid).toBe(deadPid);
    rmSync(dir, { recursive: true, force: true });
  });

  it("treats a file whose pid is alive but whose port is closed as stale (the pid was reused)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pw-forward-reused-"));
    const closed = await startServer({ engine: stack.engine, env: stack.env, log: createLogger({ level: "silent" }), port: 0 });
    await closed.close();
    writeServerState({ file: path.join(dir, "server.json"), state: { pid: process.pid, port: closed.port, token } });
    const r = await runCli(["migrate"], { env: callerEnv(dir) });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`pglite: ${path.join(dir, "pglite")}`);
    rmSync(dir, { recursive: true, force: true });
  });
});
