// The command table, in the order `patwarden --help` lists them. Each command's module is loaded
// only when it runs: `patwarden --help` reads this table and nothing else, so it starts without
// the engine, drizzle, probot or next (test/cli/commands.test.ts keeps the summaries in step).
import type { Command } from "./context.ts";

export type CommandEntry = {
  name: string;
  summary: string;
  load: () => Promise<Command>;
};

export const COMMANDS: CommandEntry[] = [
  { name: "migrate", summary: "create or upgrade the database schema", load: async () => (await import("./migrate.ts")).migrateCommand },
  { name: "sync", summary: "sync PAT grants, requests and members from GitHub now", load: async () => (await import("./sync.ts")).syncCommand },
  { name: "grants", summary: "list an org's PAT grants with filters (table, json, csv)", load: async () => (await import("./grants.ts")).grantsCommand },
  { name: "credentials", summary: "list an org's SSO credential authorizations: classic PATs, SSH keys, OAuth/App tokens (table, json, csv)", load: async () => (await import("./credentials.ts")).credentialsCommand },
  { name: "revoke", summary: "revoke grants by id or by filter, in resumable batches of ≤100, or remove SSO credential authorizations (with --dry-run)", load: async () => (await import("./revoke.ts")).revokeCommand },
  { name: "offboard", summary: "offboard a person: revoke their grants and remove their SSO credentials in every org (with --dry-run)", load: async () => (await import("./offboard.ts")).offboardCommand },
  { name: "person", summary: "one person across every org: membership, grants, SSO credentials, requests, history", load: async () => (await import("./person.ts")).personCommand },
  { name: "orgs", summary: "the enterprise roll-up: every installed org's grants, credentials, risk and last sync, and the total", load: async () => (await import("./orgs.ts")).orgsCommand },
  { name: "requests", summary: "list an org's PAT requests (pending by default)", load: async () => (await import("./requests.ts")).requestsCommand },
  { name: "review", summary: "approve or deny pending PAT requests with a reason", load: async () => (await import("./review.ts")).reviewCommand },
  { name: "policy", summary: "show, preview (--dry-run) or run the org's token policy; --check a policy file", load: async () => (await import("./policy.ts")).policyCommand },
  { name: "report", summary: "generate a compliance report (md, csv, json), list or re-render stored ones", load: async () => (await import("./report.ts")).reportCommand },
  { name: "sql", summary: "run one read-only SQL query over patwarden's views (table, json, csv); --create-role for BI tools", load: async () => (await import("./sql.ts")).sqlCommand },
  { name: "setup", summary: "create the GitHub App from app.yml (manifest flow) and write .env", load: async () => (await import("./setup.ts")).setupCommand },
  { name: "start", summary: "serve webhooks, health, metrics and the dashboard; sync on a schedule", load: async () => (await import("./start.ts")).startCommand },
  { name: "simulate", summary: "run the GitHub simulator (no GitHub App needed)", load: async () => (await import("./simulate.ts")).simulateCommand },
  { name: "demo", summary: "simulator + embedded database + sync + server, in one command", load: async () => (await import("./demo.ts")).demoCommand },
];
