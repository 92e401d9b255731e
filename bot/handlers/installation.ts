// installation.created | deleted | suspend | unsuspend: keep the installation and its org current;
// a new installation gets its first full sync in the background (a webhook must answer in 10 s).
import { appendAudit } from "../../db/queries/audit.ts";
import { setInstallationStatus } from "../../db/queries/installations.ts";
import { registerInstallation, syncOrg } from "../sync/index.ts";
import type { Handler } from "./route.ts";

export type InstallationEvent = "installation.created" | "installation.deleted" | "installation.suspend" | "installation.unsuspend";

export const handleInstallation: Handler<InstallationEvent> = async ({ octokit, payload, log, db, jobs }) => {
  const now = new Date();
  // The payload's installation object says active or suspended (suspended_at); deletion is ours to record.
  const registered = await registerInstallation({ db, installation: payload.installation, now });
  if (payload.action === "deleted") await setInstallationStatus({ db, installationId: registered.installationId, status: "uninstalled", now });
  const status = payload.action === "deleted" ? "uninstalled" : registered.status;
  await appendAudit({
    db,
    orgId: registered.org?.id ?? null,
    actor: payload.sender.login,
    actorType: "webhook",
    action: `installation.${payload.action}`,
    targetType: "installation",
    targetId: registered.installationId,
    result: "success",
    details: { account: registered.org?.login ?? null, status },
  });
  log.info({ installationId: registered.installationId, org: registered.org?.login, status }, "installation updated");
  const org = registered.org;
  if (org && payload.action === "created") {
    jobs.run(`first sync of ${org.login}`, () => syncOrg({ db, octokit, org, kind: "full", trigger: "installation" }));
  }
  return "processed";
};
