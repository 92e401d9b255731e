#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built on `npm install`, bin/build-cli.js) when it is as new as the
// sources, else the TypeScript through tsx, so a plain checkout or an edited one still works.
// `start` and `demo` always run the sources: the dashboard they serve is loaded as TypeScript
// (app/server-handler.ts) and shares the engine's modules, and their start-up is not the point.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compiledState } from "./compiled.js";

// `patwarden grants | head`: the reader leaving is not an error. Output stops; the command
// finishes what it was doing (a revocation is not cut in half) and exits with its own status.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
  });
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const state = ["start", "demo"].includes(argv[0]) ? "sources" : compiledState(root);
let main;
if (state === "fresh") {
  ({ main } = await import("../dist/bot/cli.js"));
} else {
  if (state === "stale" && process.stderr.isTTY) {
    process.stderr.write("patwarden: the sources changed since dist/ was built; running them through tsx (`npm run build:cli` rebuilds)\n");
  }
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../bot/cli.ts"));
}
process.exitCode = await main(argv);
