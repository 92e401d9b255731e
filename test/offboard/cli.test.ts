// `patwarden offboard` and `patwarden revoke --credentials` as a person runs them: bad input exits 2
// naming the flag, the dry run's counts are GitHub's, above 25 items the login must be typed (in the
// caller's process, through forwarding), and the real run leaves nothing of the person.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offboardings } from "../../db/schema.ts";
import { createEngine } from "../../bot/engine.ts";
import { gitHubAppFromEnv } from "../../bot/github/client.ts";
import { startServer, type RunningServer } from "../../bot/server.ts";
import { createLogger } from "../../bot/server/log.ts";
import { newServerToken, writeServerState } from "../../bot/server/state-file.ts";
import { runCli } from "../cli/run-cli.ts";
import { startStack, type Stack } from "../server/harness.ts";

let stack: Stack;
let bridge: RunningServer;
let dataDir: string;
let person: string;
const token = newServerToken();

const inServer = (argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv });
const forwarded = (argv: string[], ask: ((q: string) => Promise<string>) | null) => runCli(argv, { env: { PATWARDEN_DATA_DIR: dataDir }, ask });
const owned = (org: string, login: string) => stack.sim.control.org(org).grants.filter((g) => g.owner.login.toLowerCase() === login.toLowerCase());
const credsOf = (login: string) => stack.sim.control.org("acme").credentials.filter((c) => c.login.toLowerCase() === login.toLowerCase());
const offboardingCount = async () => (await stack.handle.db.select({ n: count() }).from(offboardings))[0]!.n;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 40, sso: true, credentials: 40, subsetShare: 0 }, { login: "globex", grants: 10, subsetShare: 0 }] });
  const byLogin = new Map<string, number>();
  for (const c of stack.sim.control.org("acme").credentials) byLogin.set(c.login, (byLogin.get(c.login) ?? 0) + 1);
  person = [...byLogin].sort((a, b) => b[1] - a[1])[0]![0];
  for (let i = 0; i < 30; i++) stack.sim.control.addGrant("acme", { owner: person });
  stack.sim.control.addGrant("globex", { owner: person });
  for (const org of ["acme", "globex"]) expect((await inServer(["sync", "--org", org])).code).toBe(0);
  bridge = await startServer({
    env: stack.env, log: createLogger({ level: "silent" }), port: 0,
    internalEngine: { token, engine: createEngine({ db: stack.handle, github: gitHubAppFromEnv(stack.env) }) },
  });
  dataDir = mkdtempSync(path.join(tmpdir(), "pw-offboard-"));
  writeServerState({ file: path.join(dataDir, "server.json"), state: { pid: process.pid, port: bridge.port, token } });
}, 120_000);
afterAll(async () => {
  await bridge?.close();
  await stack?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("patwarden offboard", () => {
  it("bad input exits 2 naming the flag, and creates nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["offboard"], /LOGIN/],
      [["offboard", person, "--orgs", "initech", "--dry-run"], /--orgs/],
      [["offboard", person, "--orgs", "acme", "--all-orgs", "--dry-run"], /--orgs/],
      [["offboard", person, "--format", "csv", "--dry-run"], /--format/],
      [["offboard", person, "--all-orgs", "--yes"], /--reason/],
      [["offboard", "not a login", "--dry-run"], /--login|login/],
      [["offboard", person, "--job", "x"], /--job/],
    ];
    for (const [argv, flag] of cases) {
      const r = await inServer(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err, argv.join(" ")).toMatch(flag);
    }
    expect(await offboardingCount()).toBe(0);
  });

  it("--dry-run prints per org the grants, credentials and API calls GitHub's lists imply", async () => {
    const r = await inServer(["offboard", person, "--dry-run", "--format", "json"]);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as { totals: { grants: number; credentials: number; calls: number }; orgs: { org: string; grants: number; credentials: number; calls: number; credentials_note: string | null }[] };
    const acme = p.orgs.find((o) => o.org === "acme")!;
    expect(acme).toMatchObject({ grants: owned("acme", person).length, credentials: credsOf(person).length });
    expect(acme.calls).toBe(Math.ceil(acme.grants / 100) + acme.credentials);
    expect(p.orgs.find((o) => o.org === "globex")).toMatchObject({ grants: 1, credentials: 0, calls: 1 });
    expect(p.orgs.find((o) => o.org === "globex")!.credentials_note).toMatch(/not available/);
    const table = await inServer(["offboard", person, "--dry-run"]);
    expect(table.out).toMatch(/Would offboard .* in 2 orgs/);
  });

  it("above 25 items the login is typed at the terminal: a wrong one removes nothing, the right one removes everything", async () => {
    const wrong = await forwarded(["offboard", person, "--all-orgs", "--reason", "left"], async () => "someone-else");
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/did not match/);
    expect(await offboardingCount()).toBe(0);
    const nobody = await forwarded(["offboard", person, "--all-orgs", "--reason", "left"], null);
    expect(nobody.code).toBe(2);
    expect(nobody.err).toMatch(/--yes/);

    const asked: string[] = [];
    const ok = await forwarded(["offboard", person, "--all-orgs", "--reason", "left the company"], async (q) => (asked.push(q), person.toUpperCase()));
    expect(ok.code, ok.err).toBe(0);
    expect(asked[0]).toMatch(new RegExp(`Type the login \\(${person}\\)`));
    expect(ok.out).toMatch(/succeeded/);
    expect(owned("acme", person)).toEqual([]);
    expect(owned("globex", person)).toEqual([]);
    expect(credsOf(person)).toEqual([]);
    const again = await inServer(["offboard", "--job", "1", "--format", "json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ id: 1, status: "succeeded", failed: 0, pending: 0 });
  });
});

describe("patwarden revoke --credentials", () => {
  it("dry run, then removal by id; unknown ids and --ids with --credentials exit 2", async () => {
    const [a, b] = stack.sim.control.org("acme").credentials.filter((c) => c.login !== person).map((c) => c.credential_id) as [number, number];
    const dry = await inServer(["revoke", "--org", "acme", "--credentials", "--credential-ids", `${a},${b}`, "--dry-run", "--format", "json"]);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ count: 2, calls: 2, unknown: [] });
    expect((await inServer(["revoke", "--org", "acme", "--credentials", "--credential-ids", "999", "--reason", "r", "--yes"])).err).toMatch(/--credential-ids/);
    expect((await inServer(["revoke", "--org", "acme", "--credentials", "--ids", "1", "--reason", "r"])).code).toBe(2);
    const run = await inServer(["revoke", "--org", "acme", "--credentials", "--credential-ids", `${a},${b}`, "--reason", "rotated", "--yes", "--format", "json"]);
    expect(run.code, run.err).toBe(0);
    const out = JSON.parse(run.out) as { job: { status: string }; credentials: { credential_id: number; outcome: string }[] };
    expect(out.job.status).toBe("succeeded");
    expect(out.credentials.map((c) => c.outcome)).toEqual(["revoked", "revoked"]);
    const left = new Set(stack.sim.control.org("acme").credentials.map((c) => c.credential_id));
    expect(left.has(a) || left.has(b)).toBe(false);
  });
});
