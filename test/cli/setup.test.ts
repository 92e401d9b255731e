// `patwarden setup` against the simulator's App-manifest flow: the local page posts the manifest,
// GitHub redirects back, and the credentials land in .env and a 0600 PEM that really works.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/index.ts";
import { main } from "../../bot/cli.ts";
import { createAppJwt, simFetch, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
beforeAll(async () => { sim = await withSimulator({ orgs: [{ login: "acme", grants: 3 }] }); });
afterAll(() => sim?.close());

function startSetup(extra: string[] = [], prepare?: (envFile: string) => void) {
  const dir = mkdtempSync(path.join(tmpdir(), "patwarden-setup-"));
  const envFile = path.join(dir, ".env");
  prepare?.(envFile);
  let out = "";
  let err = "";
  const abort = new AbortController();
  const env = { GHE_HOST: new URL(sim.url).host, GHE_PROTOCOL: "http", PATWARDEN_DATA_DIR: path.join(dir, "data"), PATH: process.env.PATH };
  const done = main(["setup", extra.includes("--force") ? "--out" : "--env-file", envFile, "--public-url", "https://pw.example.com", ...extra], {
    env, signal: abort.signal, stdout: (t) => void (out += t), stderr: (t) => void (err += t),
  });
  const localUrl = async () => {
    for (let i = 0; i < 200 && !/Open (\S+)\//.test(out); i++) await new Promise((r) => setTimeout(r, 10));
    return /Open (\S+)\//.exec(out)![1]!;
  };
  return { dir, envFile, done, localUrl, abort, output: () => out + err };
}

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

/** What the browser does: load the local page, post its form to GitHub (auto-confirmed), follow the redirect back. */
async function completeInBrowser(local: string): Promise<number> {
  const html = await (await fetch(`${local}/`)).text();
  const action = unescape(/action="([^"]+)"/.exec(html)![1]!);
  const manifestField = unescape(/name="manifest" value="([^"]*)"/.exec(html)![1]!);
  const posted = await fetch(`${action}&auto=1`, { method: "POST", redirect: "manual", body: new URLSearchParams({ manifest: manifestField }) });
  return (await fetch(posted.headers.get("location")!)).status;
}

describe("patwarden setup", () => {
  it("creates the App, writes a working PEM and .env (0600), refuses a wrong state, prints no secret", async () => {
    const run = startSetup(["--org", "acme"], (f) => writeFileSync(f, "# mine\nDATABASE_URL=postgres://x@h/db\n"));
    const local = await run.localUrl();
    const html = await (await fetch(`${local}/`)).text();
    const action = unescape(/action="([^"]+)"/.exec(html)![1]!);
    const manifestField = unescape(/name="manifest" value="([^"]*)"/.exec(html)![1]!);
    expect(action.startsWith(`${sim.url}/organizations/acme/settings/apps/new?state=`)).toBe(true);
    const manifest = JSON.parse(manifestField) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: "patwarden", hook_attributes: { url: "https://pw.example.com/api/github/webhooks" }, callback_urls: ["https://pw.example.com/api/auth/callback"], redirect_url: `${local}/setup/callback` });
    expect(manifest.default_permissions).toMatchObject({ organization_personal_access_tokens: "write" });

    expect((await fetch(`${local}/setup/callback?code=abc&state=wrong`)).status).toBe(400);

    const posted = await fetch(`${action}&auto=1`, { method: "POST", redirect: "manual", body: new URLSearchParams({ manifest: manifestField }) });
    expect(posted.status).toBe(302);
    const back = await fetch(posted.headers.get("location")!);
    expect(back.status).toBe(200);
    expect(await run.done).toBe(0);

    const written = parseEnv(readFileSync(run.envFile, "utf8"));
    expect(readFileSync(run.envFile, "utf8")).toContain("# mine\nDATABASE_URL=postgres://x@h/db\n");
    expect(written).toMatchObject({ APP_ID: String(sim.app.id), WEBHOOK_SECRET: sim.app.webhookSecret, GHE_HOST: new URL(sim.url).host, GHE_PROTOCOL: "http" });
    expect(written.GITHUB_CLIENT_ID).toBeTruthy();
    expect(written.SESSION_SECRET!.length).toBeGreaterThanOrEqual(64);
    expect(written.PRIVATE_KEY_PATH).toBe(path.join(run.dir, "data", `app-${sim.app.id}.pem`));
    expect(statSync(run.envFile).mode & 0o777).toBe(0o600);
    expect(statSync(written.PRIVATE_KEY_PATH!).mode & 0o777).toBe(0o600);
    const pem = readFileSync(written.PRIVATE_KEY_PATH!, "utf8");
    const me = await simFetch(sim, "/app", { headers: { authorization: `Bearer ${createAppJwt(sim, { key: pem })}` } });
    expect(me.status).toBe(200);
    expect((me.body as { id: number; name: string })).toMatchObject({ id: sim.app.id, name: "patwarden" });

    const output = run.output();
    expect(output).toContain("APP_ID, PRIVATE_KEY_PATH, WEBHOOK_SECRET, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, SESSION_SECRET");
    expect(output).toContain("npx patwarden start");
    for (const secret of [pem.split("\n")[1]!, written.WEBHOOK_SECRET!, written.GITHUB_CLIENT_SECRET!, written.SESSION_SECRET!]) expect(output).not.toContain(secret);
  });

  it("keeps an existing App unless --force, and names the bad flag", async () => {
    const run = startSetup([], (f) => writeFileSync(f, "APP_ID=42\nSESSION_SECRET=keep-this-session-secret-of-32-chars!!\n"));
    expect(await run.done).toBe(1);
    expect(run.output()).toContain("already sets APP_ID; pass --force");
    expect(readFileSync(run.envFile, "utf8")).toBe("APP_ID=42\nSESSION_SECRET=keep-this-session-secret-of-32-chars!!\n");

    const bad = startSetup(["--port", "99999"]);
    expect(await bad.done).toBe(2);
    expect(bad.output()).toContain("--port");
    const badUrl = startSetup(["--public-url", "ftp://x"]);
    expect(await badUrl.done).toBe(2);
    expect(badUrl.output()).toContain("--public-url");
  });

  it("with --force replaces APP_ID and keeps an existing SESSION_SECRET", async () => {
    const run = startSetup(["--force"], (f) => writeFileSync(f, "APP_ID=42\nSESSION_SECRET=keep-this-session-secret-of-32-chars!!\n"));
    expect(await completeInBrowser(await run.localUrl())).toBe(200);
    expect(await run.done).toBe(0);
    const written = parseEnv(readFileSync(run.envFile, "utf8"));
    expect(written).toMatchObject({ APP_ID: String(sim.app.id), SESSION_SECRET: "keep-this-session-secret-of-32-chars!!" });
    expect(readFileSync(run.envFile, "utf8").match(/^APP_ID=/gm)).toHaveLength(1);
    expect(written.GHE_HOST).toBe(new URL(sim.url).host);
  });

  it("a failed conversion names GitHub's status and message and writes nothing", async () => {
    const run = startSetup(["--force"], (f) => writeFileSync(f, "APP_ID=42\nSESSION_SECRET=keep-this-session-secret-of-32-chars!!\n"));
    const local = await run.localUrl();
    expect((await fetch(`${local}/setup/callback?code=0000&state=${/state=(\w+)/.exec(unescape(await (await fetch(`${local}/`)).text()))![1]}`)).status).toBe(502);
    expect(await run.done).toBe(1);
    expect(run.output()).toMatch(/GitHub answered 404 to the manifest conversion: Not Found/);
    expect(readFileSync(run.envFile, "utf8")).toContain("APP_ID=42\n");
  });
});
