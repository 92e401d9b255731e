// The CLI from its TypeScript sources (what bin/patwarden.js falls back to), for bench/cli-start.ts.
import { main } from "../bot/cli.ts";

process.exitCode = await main(process.argv.slice(2));
