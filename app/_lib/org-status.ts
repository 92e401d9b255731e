// The one status an org card shows, from the installation and the org's own switches.
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
