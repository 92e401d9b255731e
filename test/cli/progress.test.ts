// Long commands show progress on stderr, one line rewritten in place, only when stderr is a
// terminal (at most 4 updates a second); with a pipe or a CI log nothing extra is written.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../bot/engine.ts";
import { gitHubAppFromEnv } from "../../bot/github/client.ts";
import { startServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { newServerToken, writeServerState } from "../../bot/server/state-file.ts";
import { createProgress } from "../../bot/cli/progress.ts";
import { runCli } from "./run-cli.ts";
import { startStack, type Stack } from "../server/harness.ts";

describe("createProgress", () => {
  it("on a terminal: in place, at most one update per 250 ms, cleared when done", () => {
    let t = 0;
    const written: string[] = [];
    const p = createProgress({ write: (s) => written.push(s), isTTY: true, now: () => t });
    p.update("a: 1 of 9 grants…");
    t = 100;
    p.update("a: 2 of 9 grants…"); // too soon: dropped
    t = 260;
    p.update("a: 3 of 9 grants…");
    p.done();
    expect(written).toEqual(["\r\x1b[2Ka: 1 of 9 grants…", "\r\x1b[2Ka: 3 of 9 grants…", "\r\x1b[2K"]);
  });

  it("not a terminal: writes nothing", () => {
    const written: string[] = [];
    const p = createProgress({ write: (s) => written.push(s), isTTY: false, now: () => 0 });
    p.update("a: 1 of 9 grants…");
    p.tick((s) => `x ${s}`);
    p.done();
    expect(written).toEqual([]);
  });
});

/** The erase-line sequence made visible, so patterns need no control characters. */
const shown = (text: string) => text.replaceAll("\x1b[2K", "<clear>");

describe("the commands", () => {
  let stack: Stack;
  const wasTTY = process.stderr.isTTY;
  const fakeTTY = (on: boolean) => Object.defineProperty(process.stderr, "isTTY", { value: on, configurable: true, writable: true });
  beforeAll(async () => {
    stack = await startStack({ orgs: [{ login: "acme", grants: 250, subsetShare: 0 }] });
  });
  afterAll(() => stack?.close());
  afterEach(() => fakeTTY(wasTTY));
  const inServer = (argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv, ask: null });

  it("sync: 'acme: N of 250 grants…' on a terminal; the same command piped prints no progress", async () => {
    fakeTTY(true);
    const tty = await inServer(["sync", "--org", "acme"]);
    expect(tty.code).toBe(0);
    expect(shown(tty.err)).toMatch(/\r<clear>acme: \d+ of 250 grants…/);
    expect(tty.err.endsWith("\r\x1b[2K")).toBe(true);
    expect(tty.out).not.toContain("\r");
    fakeTTY(false);
    const piped = await inServer(["sync", "--org", "acme"]);
    expect(piped.code).toBe(0);
    expect(piped.err).toBe("");
    expect(piped.out).not.toMatch(/\r|grants…/);
  });

  it("revoke: the job's counts on a terminal, nothing extra when piped", async () => {
    const ids = stack.sim.control.org("acme").grants.map((g) => g.id).sort((a, b) => a - b);
    fakeTTY(true);
    const tty = await inServer(["revoke", "--org", "acme", "--ids", ids.slice(0, 3).join(","), "--reason", "r", "--yes"]);
    expect(tty.code).toBe(0);
    expect(shown(tty.err)).toMatch(/\r<clear>acme: \d of 3 grants \(\d revoked, 0 already gone, 0 failed\)…/);
    fakeTTY(false);
    const piped = await inServer(["revoke", "--org", "acme", "--ids", ids.slice(3, 6).join(","), "--reason", "r", "--yes"]);
    expect(piped.code).toBe(0);
    expect(piped.err).not.toMatch(/\r|grants \(/);
  });

  it("policy and report: an elapsed-time line while the engine works, on a terminal only", async () => {
    fakeTTY(true);
    const policy = await inServer(["policy", "--org", "acme", "--dry-run"]);
    expect(policy.err).toContain("\r\x1b[2Kacme: evaluating the policy… 0 s");
    const report = await inServer(["report", "--org", "acme", "--no-deliver"]);
    expect(report.err).toContain("\r\x1b[2Kacme: building the report… 0 s");
    fakeTTY(false);
    expect((await inServer(["policy", "--org", "acme", "--dry-run"])).err).not.toContain("\r");
    expect((await inServer(["report", "--org", "acme", "--no-deliver"])).err).not.toContain("\r");
  });

  it("over the embedded server's bridge (no engine callbacks): sync ticks the elapsed time on a terminal", async () => {
    const token = newServerToken();
    const bridge = await startServer({
      env: stack.env, log: createLogger({ level: "silent" }), port: 0,
      internalEngine: { token, engine: createEngine({ db: stack.handle, github: gitHubAppFromEnv(stack.env) }) },
    });
    const dataDir = mkdtempSync(path.join(tmpdir(), "pw-progress-"));
    try {
      writeServerState({ file: path.join(dataDir, "server.json"), state: { pid: process.pid, port: bridge.port, token } });
      fakeTTY(true);
      const r = await runCli(["sync", "--org", "acme"], { env: { PATWARDEN_DATA_DIR: dataDir }, ask: null });
      expect(r.code).toBe(0);
      expect(r.err).toContain("\r\x1b[2Ksyncing acme… 0 s");
    } finally {
      await bridge.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
