// The Probot app: a routing table from webhook event to handler, nothing else.
import type { ApplicationFunction } from "probot";
import { handleInstallation, type InstallationEvent } from "./handlers/installation.ts";
import { handleOrganization } from "./handlers/organization.ts";
import { handlePatRequest, type PatRequestEvent } from "./handlers/pat-request.ts";
import { handlePush } from "./handlers/push.ts";
import { route, type AppDeps } from "./handlers/route.ts";

export type { AppDeps };

export function createApp(deps: AppDeps): ApplicationFunction {
  return (app) => {
    const on = { app, deps };
    route<InstallationEvent>(on, ["installation.created", "installation.deleted", "installation.suspend", "installation.unsuspend"], handleInstallation);
    route<PatRequestEvent>(on, [
      "personal_access_token_request.created",
      "personal_access_token_request.approved",
      "personal_access_token_request.denied",
      "personal_access_token_request.cancelled",
    ], handlePatRequest);
    route<"organization.member_removed">(on, ["organization.member_removed"], handleOrganization);
    route<"push">(on, ["push"], handlePush);
  };
}
