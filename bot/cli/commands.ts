// The command table, in the order `patwarden --help` lists them.
import type { Command } from "./context.ts";
import { demoCommand } from "./demo.ts";
import { grantsCommand } from "./grants.ts";
import { migrateCommand } from "./migrate.ts";
import { policyCommand } from "./policy.ts";
import { reportCommand } from "./report.ts";
import { requestsCommand } from "./requests.ts";
import { reviewCommand } from "./review.ts";
import { revokeCommand } from "./revoke.ts";
import { simulateCommand } from "./simulate.ts";
import { setupCommand } from "./setup.ts";
import { startCommand } from "./start.ts";
import { syncCommand } from "./sync.ts";

export const COMMANDS: Command[] = [
  migrateCommand, syncCommand, grantsCommand, revokeCommand, requestsCommand, reviewCommand, policyCommand, reportCommand, setupCommand, startCommand, simulateCommand, demoCommand,
];
