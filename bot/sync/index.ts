// The sync engine's public surface (handlers, CLI, scheduler and dashboard import from here).
export { syncOrg, type SyncOrgArgs } from "./sync-org.ts";
export type { SyncResult } from "./record-run.ts";
export { registerInstallations, registerInstallation, type RegisteredInstallation } from "./register-installations.ts";
export { syncGrantsByTokenIds } from "./sync-grants-by-token-ids.ts";
export { syncOwnerGrants } from "./sync-owner-grants.ts";
export { upsertRequestFromWebhook, resolveRequest } from "./webhook-requests.ts";
export type { OrgRef, SyncLog } from "./context.ts";
