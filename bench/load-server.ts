// The load test's server: `patwarden start` in its own process (the built dashboard, its own
// 10-connection pool, as deployed), and users signed in to it through the real OAuth web flow.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Simulator } from "../simulator/index.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, "..", "bin", "patwarden.js");

export type LoadServer = { url: string; pid: number; warnings: string[]; close: () => Promise<void> };

/**
 * Resolves once the dashboard answers (it says 503 while it loads); rejects if the process dies first.
 * Servers given the same `sessionSecret` accept each other's sessions, as several processes behind
 * one address must. `profileDir` writes the process's V8 CPU profile there when it stops.
 */
export async function startLoadServer({ sim, databaseUrl, sessionSecret = randomBytes(32).toString("hex"), profileDir, timeoutMs = 300_000 }: {
  sim: Simulator; databaseUrl: string; sessionSecret?: string; profileDir?: string; timeoutMs?: number;
}): Promise<LoadServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    APP_ID: String(sim.app.id), PRIVATE_KEY: sim.app.privateKey, WEBHOOK_SECRET: sim.app.webhookSecret,
    GITHUB_CLIENT_ID: sim.app.clientId, GITHUB_CLIENT_SECRET: sim.app.clientSecret,
    GHE_HOST: sim.host, GHE_PROTOCOL: "http", SESSION_SECRET: sessionSecret,
    // Every bench user signs in from 127.0.0.1; the per-IP sign-in limit (60/min) would refuse the
    // 50 sign-ins. It guards /api/auth/* only, which the browsing never touches.
    RATE_LIMIT_SIGNIN_PER_MINUTE: "0",
    LOG_LEVEL: "info",
  };
  // --no-schedule: the scheduler's syncs would sync the browsed org from the simulator, which does
  // not hold its generated grants; the sync under test runs in its own process.
  const node = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const child = spawn(process.execPath, [...node, bin, "start", "--no-schedule", "--port", "0"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const warnings: string[] = [];
  let stderr = "";
  const keep = (line: string) => {
    if (warnings.length < 50) warnings.push(line.slice(0, 500));
  };
  let pending = "";
  child.stdout.on("data", (d: Buffer) => {
    const lines = (pending + d.toString()).split("\n");
    pending = lines.pop() ?? "";
    // pino levels: 40 warn, 50 error, 60 fatal. Request lines (30) are read and dropped.
    for (const line of lines) if (/"level":(4|5|6)0/.test(line)) keep(line);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`patwarden start did not listen within ${timeoutMs / 1000} s: ${stderr.slice(-2000)}`)), timeoutMs);
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`patwarden start exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
  const close = () => stop(child);
  try {
    await waitForDashboard({ url, child, timeoutMs });
  } catch (error) {
    await close();
    throw error;
  }
  child.stderr.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) if (line.trim()) keep(line);
  });
  return { url, pid: child.pid!, warnings, close };
}

export type ProcessUsage = { cpuMs: number; rssMb: number; peakRssMb: number };

/** A process's CPU time so far (user + system) and its memory, from /proc (Linux; zeros elsewhere). */
export function processUsage(pid: number): ProcessUsage {
  try {
    // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    return { cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS, rssMb: Math.round(kb("VmRSS") / 1024), peakRssMb: Math.round(kb("VmHWM") / 1024) };
  } catch {
    return { cpuMs: 0, rssMb: 0, peakRssMb: 0 };
  }
}
const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)

async function waitForDashboard({ url, child, timeoutMs }: { url: string; child: ChildProcess; timeoutMs: number }): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`patwarden start exited ${child.exitCode}`);
    const res = await fetch(`${url}/login`).catch(() => null);
    if (res?.status === 200 && (await res.text()).includes("Sign in with GitHub")) return;
    await res?.body?.cancel();
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the dashboard at ${url} was not ready within ${timeoutMs / 1000} s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

const cookieOf = (res: Response, name: string): string | undefined =>
  res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

/**
 * Signs `login` in as a browser would: our /api/auth/login (state cookie) → the simulator's
 * user picker → the link for `login` → our callback, which checks the state, exchanges the code,
 * asks GitHub for the user's org roles and seals the session. Returns the session cookie ("name=value").
 */
export async function signInOverHttp({ url, login }: { url: string; login: string }): Promise<string> {
  const start = await fetch(`${url}/api/auth/login?next=/orgs`, { redirect: "manual" });
  const state = cookieOf(start, "pw_oauth_state");
  const authorize = start.headers.get("location");
  if (start.status !== 303 || !state || !authorize) throw new Error(`sign-in did not start: ${start.status} ${authorize}`);
  const picker = await fetch(authorize);
  const html = await picker.text();
  const link = new RegExp(`<a href="([^"]+)">${login}</a>`).exec(html)?.[1]?.replaceAll("&#38;", "&");
  if (!link) throw new Error(`the sign-in page offers no user ${login}`);
  const back = await fetch(new URL(link, authorize), { redirect: "manual" });
  const callback = back.headers.get("location");
  if (back.status !== 302 || !callback) throw new Error(`the simulator did not send the user back: ${back.status}`);
  const done = await fetch(callback, { redirect: "manual", headers: { cookie: state } });
  const session = cookieOf(done, "pw_session");
  if (done.status !== 303 || !session) throw new Error(`sign-in failed: ${done.status} → ${done.headers.get("location")}`);
  return session;
}
