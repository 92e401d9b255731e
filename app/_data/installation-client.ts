import "server-only";
// The App's installation client for an org, for actions that change something in GitHub. The
// server provides it (it holds the App's key); without it, or without an active installation,
// the person is told why in a sentence instead of GitHub refusing later.
import { InvalidInput } from "../../model/errors.ts";
import type { OctokitLike } from "../../bot/github/calls.ts";
import type { DashboardOrg } from "../../bot/orgs/verbs.ts";
import { getDashboardRuntime } from "./runtime.ts";

export function installationClientFor({ org, doing, command }: { org: DashboardOrg; doing: string; command: string }): OctokitLike {
  const { installationOctokit } = getDashboardRuntime();
  if (!installationOctokit) {
    throw new InvalidInput("github", `${doing} from the dashboard needs the GitHub App on this server (APP_ID and PRIVATE_KEY); use \`npx patwarden ${command} --org ${org.login}\` where it is configured`);
  }
  if (!org.installationId || org.installationStatus !== "active") {
    throw new InvalidInput("installation", `the App's installation on ${org.login} is not active, so GitHub would refuse; reinstall or unsuspend it first`);
  }
  return installationOctokit(org.installationId);
}
