// runSimulator (behind `patwarden simulate`): the PEM and env file it leaves are enough for
// patwarden's own env loader to reach the simulator as a GitHub App.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadEnv } from "../../bot/env.ts";
import { runSimulator, type RunningSimulator } from "../../simulator/serve.ts";
import { createAppJwt, simFetch } from "../helpers/sim.ts";

let running: RunningSimulator | undefined;
let dir = "";

afterAll(async () => {
  await running?.simulator.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("runSimulator", () => {
  it("writes app.pem (0600) and simulator.env that loadEnv turns into the simulator's URLs and credentials", async () => {
    dir = await mkdtemp(join(tmpdir(), "pw-sim-"));
    running = await runSimulator({ seed: 3, orgs: [{ login: "acme", grants: 10 }], stateDir: join(dir, "state") });
    const { simulator, env, pemPath, envPath } = running;
    expect((await stat(pemPath)).mode & 0o777).toBe(0o600);
    expect(await readFile(pemPath, "utf8")).toBe(simulator.app.privateKey);
    const fromFile = parseEnv(await readFile(envPath, "utf8"));
    expect(fromFile).toEqual({ ...env });
    expect(env).toMatchObject({ APP_ID: String(simulator.app.id), GHE_HOST: simulator.host, GHE_PROTOCOL: "http", GITHUB_CLIENT_ID: simulator.app.clientId });
    const loaded = loadEnv(fromFile);
    expect(loaded.apiBaseUrl).toBe(simulator.apiUrl);
    expect(loaded.webBaseUrl).toBe(simulator.url);
    expect(loaded.privateKey).toBe(simulator.app.privateKey);
    const res = await simFetch(simulator, `${loaded.apiBaseUrl}/app`, { headers: { authorization: `Bearer ${createAppJwt(simulator)}` } });
    expect(res.status).toBe(200);
    expect(simulator.control.org("acme").grants).toHaveLength(10);
  });
});
