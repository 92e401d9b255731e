#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx patwarden` works from a plain checkout with no build step.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../bot/cli.ts");
process.exitCode = await main(process.argv.slice(2));
