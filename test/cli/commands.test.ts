// The command table loads each command when it runs: `patwarden --help` reads the table only, so it
// starts without the engine, drizzle, probot or next; each entry's summary is its command's.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../bot/cli/commands.ts";

const BIN = path.resolve("bin/patwarden.js");
const dir = mkdtempSync(path.join(tmpdir(), "pw-commands-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real bin with a module hook that lists every module it loads. */
function modulesLoadedBy(args: string[]): { status: number | null; stdout: string; modules: string[] } {
  const log = path.join(dir, `loaded-${args.join("-") || "none"}.txt`);
  const hooks = path.join(dir, "hooks.mjs");
  writeFileSync(hooks, `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + "\\n");
  return r;
}\n`);
  const register = path.join(dir, "register.mjs");
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const run = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, BIN, ...args], { encoding: "utf8", env: { ...process.env, PATWARDEN_DATA_DIR: dir } });
  return { status: run.status, stdout: run.stdout, modules: readFileSync(log, "utf8").split("\n").filter(Boolean) };
}

describe("the command table", () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))("%s loads the command it names, with its summary", async (name, entry) => {
    const command = await entry.load();
    expect(command.name).toBe(name);
    expect(command.summary).toBe(entry.summary);
  });

  it("patwarden --help loads neither the engine nor drizzle, probot or next", () => {
    const run = modulesLoadedBy(["--help"]);
    expect(run.status).toBe(0);
    for (const c of COMMANDS) expect(run.stdout).toContain(`  ${c.name}`);
    const ours = run.modules.filter((m) => !m.includes("/node_modules/"));
    expect(ours.some((m) => /\/bot\/cli\.(ts|js)$/.test(m))).toBe(true);
    const heavy = run.modules.filter((m) => /\/bot\/engine\.|\/db\/|\/node_modules\/(drizzle-orm|probot|next|@electric-sql|pg|zod|@octokit)\//.test(m));
    expect(heavy).toEqual([]);
  }, 60_000);
});
