// `patwarden demo` end to end on a tiny org: simulator, embedded PGlite, sync, server, webhooks,
// CLI forwarding, clean shutdown, and a second run on the same data.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../bot/cli.ts";
import { runCli } from "./run-cli.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "pw-demo-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type RunningDemo = { out: () => string; stop: () => Promise<number> };

async function startDemo(): Promise<RunningDemo> {
  const stop = new AbortController();
  let out = "";
  let err = "";
  const done = main(["demo", "--port", "0", "--sim-port", "0", "--org", "tiny:25", "--no-dashboard"], {
    env: { PATWARDEN_DATA_DIR: dataDir, LOG_LEVEL: "silent" },
    signal: stop.signal,
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  const stateFile = path.join(dataDir, "server.json");
  // Ready when the server advertises itself (or the demo ended early, which the assertions report).
  let exited: number | undefined;
  void done.then((code) => (exited = code));
  while (!existsSync(stateFile) || !out.includes("patwarden demo is running")) {
    if (exited !== undefined) throw new Error(`demo exited ${exited}: ${out}${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { out: () => out, stop: async () => (stop.abort(), done) };
}

let revokedId = 0;
const cli = (...argv: string[]) => runCli(argv, { env: { PATWARDEN_DATA_DIR: dataDir } });

describe("patwarden demo", () => {
  it("syncs, serves, takes webhooks and CLI commands, and stops cleanly", async () => {
    const demo = await startDemo();
    try {
      expect(demo.out()).toMatch(/tiny: full sync succeeded/);
      const url = /Health: +(http:\/\/[\d.:]+)\/api\/health/.exec(demo.out())![1]!;
      const simUrl = /Simulator: +(http:\/\/[\d.:]+)/.exec(demo.out())![1]!;
      const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
      expect(health.status).toBe("ok");

      const grants = await cli("grants", "--org", "tiny", "--format", "json");
      expect(grants.code).toBe(0);
      expect(JSON.parse(grants.out)).toHaveLength(25);

      const created = (await (await fetch(`${simUrl}/_sim/orgs/tiny/requests`, {
        method: "POST", headers: { "content-type": "application/json" }, body: "{}",
      })).json()) as { id: number };
      const requests = await cli("requests", "--org", "tiny", "--format", "json");
      expect((JSON.parse(requests.out) as { id: number }[]).map((r) => r.id)).toContain(created.id);
      // Revoked in "GitHub" before the restart: the next run must not bring it back.
      revokedId = (JSON.parse(grants.out) as { id: number }[])[0]!.id;
      expect((await fetch(`${simUrl}/_sim/orgs/tiny/grants/${revokedId}/revoke`, { method: "POST" })).status).toBeLessThan(300);
    } finally {
      expect(await demo.stop()).toBe(0);
    }
    expect(existsSync(path.join(dataDir, "server.json"))).toBe(false);
  });

  it("runs again on the existing data and the simulated GitHub's kept world", async () => {
    const demo = await startDemo();
    try {
      expect(demo.out()).toContain(`Resumed the simulated GitHub kept in ${path.join(dataDir, "simulator", "world.json")}`);
      expect(demo.out()).toMatch(/tiny: full sync succeeded .* grants seen 24, added 0, updated \d+, removed 1/);
      const grants = await cli("grants", "--org", "tiny", "--format", "json");
      expect((JSON.parse(grants.out) as { id: number }[]).map((g) => g.id)).not.toContain(revokedId);
      expect(JSON.parse(grants.out)).toHaveLength(24);
    } finally {
      expect(await demo.stop()).toBe(0);
    }
  });
});
