// installation.created | deleted | suspend | unsuspend: keep the installation and its org current;
// a new installation gets its first full sync in the background (a webhook must answer in 10 s).
import type { Handler } from "./route.ts";

export type InstallationEvent = "installation.created" | "installation.deleted" | "installation.suspend" | "installation.unsuspend";

export const handleInstallation: Handler<InstallationEvent> = async ({ engine, octokit, payload, log, jobs }) => {
  // The payload's installation object says active or suspended (suspended_at); deletion is ours to record.
  const { installationId, org, status } = await engine.sync.applyInstallationEvent({
    action: payload.action, installation: payload.installation, sender: payload.sender.login,
  });
  log.info({ installationId, org: org?.login, status }, "installation updated");
  if (org && payload.action === "created") {
    jobs.run(`first sync of ${org.login}`, () => engine.sync.syncOrg({ org, kind: "full", trigger: "installation" }, { octokit }));
  }
  return "processed";
};
