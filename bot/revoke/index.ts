// The revocation engine's public surface (CLI, server, dashboard actions import from here).
// See README.md in this folder.
export { previewRevocation, createRevocationJob, type RevocationPreview, type PreviewGrant, type CreateRevocationJobOptions } from "./create-job.ts";
export { runRevocationJob, DEFAULT_PACING_MS, type RunRevocationJobOptions, type RevocationLog } from "./run-job.ts";
export { octokitForApp, resumeRevocationJobs, startRevocationWorker, type OctokitFor, type ResumeResult, type RevocationWorker } from "./resume.ts";
export { revokeGrant } from "./revoke-grant.ts";
export { getRevocationJob, listRevocationItems, listRevocationJobs, type RevocationJobView, type RevocationCounts } from "./view.ts";
export { newRunnerId } from "./lease.ts";
export {
  checkReason, CONFIRM_ORG_NAME_ABOVE, DEFAULT_MAX_REVOCATION_GRANTS, type RevocationTarget,
} from "./selection.ts";
export { previewCredentialRemoval, createCredentialRemovalJob, type CredentialRemovalPreview, type CredentialTarget } from "./credential-job.ts";
export { callsFor, insertJobOf } from "./insert-job.ts";
