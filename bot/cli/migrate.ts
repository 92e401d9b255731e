// `patwarden migrate`: applies every committed migration (safe to repeat) on Postgres or PGlite.
import { parseFlags } from "./args.ts";
import { EXIT, type Command } from "./context.ts";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "create or upgrade the database schema",
  usage: "patwarden migrate",
  help: `Usage: patwarden migrate

Applies the committed migrations to DATABASE_URL, or to embedded PGlite in .data/pglite when
DATABASE_URL is unset. Already-applied migrations are skipped, so it is safe to run again.
`,
  forwardable: true,
  async run(ctx, args) {
    parseFlags({ args, options: {} });
    const { storage, where } = await (await ctx.engine()).ops.migrate({});
    ctx.out(`Database is up to date (${storage}: ${where}).\n`);
    return EXIT.ok;
  },
};
