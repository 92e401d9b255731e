#!/usr/bin/env node
// `npm run build:cli` (and "prepare", so `npm install`/`npm ci` run it): compiles the server-side
// sources into dist/ for bin/patwarden.js. Without TypeScript installed (a production install
// without dev dependencies) it says so and leaves bin/patwarden.js on the sources, through tsx.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { STAMP } from "./compiled.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  process.stderr.write("build-cli: typescript is not installed; patwarden will run its sources through tsx\n");
  process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
// The stamp carries the time the build started: a source saved while tsc runs leaves dist/ stale.
const started = new Date();
// Type errors are lint's business (`npm run lint`); the JavaScript is emitted regardless, so an
// install never fails on them.
const run = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { encoding: "utf8", maxBuffer: 64 << 20 });
if (run.error || !existsSync(path.join(dist, "bot", "cli.js"))) {
  process.stderr.write(`build-cli: tsc emitted no CLI (${run.error?.message ?? `exit ${run.status}`})\n${run.stdout ?? ""}${run.stderr ?? ""}`);
  process.exit(1);
}
// What the compiled code reads beside itself: package.json (bot/server/version.ts reads
// ../../package.json) and the migrations (db/client.ts reads ./migrations), as in the sources.
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
writeFileSync(path.join(dist, "package.json"), `${JSON.stringify({ private: true, type: "module", version }, null, 2)}\n`);
mkdirSync(path.join(dist, "db"), { recursive: true });
symlinkSync(path.join("..", "..", "db", "migrations"), path.join(dist, "db", "migrations"), "dir");
writeFileSync(path.join(dist, STAMP), `${started.toISOString()}\n`);
utimesSync(path.join(dist, STAMP), started, started);
process.stderr.write(`build-cli: dist/ built in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s\n`);
