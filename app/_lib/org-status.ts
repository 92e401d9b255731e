// The one status an org card shows, from the installation and the org's own switches; and its SSO credentials line.
import { CREDENTIAL_SOURCE_TEXT, type CredentialSourceStatus } from "../../model/credentials.ts";
import type { InstallationStatus } from "../../model/statuses.ts";

export const ORG_STATUSES = ["active", "paused", "suspended", "uninstalled"] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];

/** GitHub's state wins over ours: a suspended or removed installation cannot sync even if "resumed". */
export function orgStatus({ installationId, installationStatus, syncPaused }: {
  installationId: number | null; installationStatus: InstallationStatus | null; syncPaused: boolean;
}): OrgStatus {
  if (installationId === null || installationStatus === null || installationStatus === "uninstalled") return "uninstalled";
  if (installationStatus === "suspended") return "suspended";
  return syncPaused ? "paused" : "active";
}

export const STATUS_TEXT: Record<OrgStatus, string> = {
  active: "Syncing on schedule.",
  paused: "Syncing is paused here; the inventory keeps its last state.",
  suspended: "The App's installation is suspended in GitHub; nothing can be synced until an owner unsuspends it.",
  uninstalled: "The App is no longer installed on this org; the inventory shows its last known state.",
};

/** The card's SSO credentials line: the source's status in the words of model/credentials.ts, with the count and last complete sync when it is read. */
export type CredentialLine = {
  status: CredentialSourceStatus;
  text: string;
  /** Active credentials, only when the source is available. */
  count: number | null;
  lastSyncAt: Date | null;
  /** GitHub's own message with a 404 or 403 ("Not Found", "Resource not accessible by integration"). */
  detail: string | null;
};

export function credentialLine(source: { status: CredentialSourceStatus; detail: string | null; lastSyncAt: Date | null; active: number }): CredentialLine {
  const available = source.status === "available";
  return {
    status: source.status,
    text: CREDENTIAL_SOURCE_TEXT[source.status],
    count: available ? source.active : null,
    lastSyncAt: available ? source.lastSyncAt : null,
    detail: available ? null : source.detail,
  };
}
