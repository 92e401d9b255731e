// App endpoints (JWT): the App itself, its installations, installation access tokens; and
// revoking the calling installation token.
import { issueInstallationToken } from "../auth.ts";
import { basicError, notFound, pageOf, paginated, parsePaging, validationFailed } from "../http-util.ts";
import { levelRank } from "../../model/permissions.ts";
import { iso } from "../render.ts";
import { renderApp, renderInstallation } from "../render-app.ts";
import type { Route, RouteContext } from "../route-types.ts";
import type { SimOrg } from "../types.ts";

const DOCS = "https://docs.github.com/rest/apps/apps";

function liveInstallation(ctx: RouteContext, docs: string): SimOrg {
  const org = ctx.state.installations.get(Number(ctx.params.installation_id));
  if (!org || org.installation.deleted) throw notFound(docs);
  return org;
}

function listInstallations(ctx: RouteContext) {
  const orgs = [...ctx.state.installations.values()].filter((o) => !o.installation.deleted).sort((a, b) => a.installation.id - b.installation.id);
  const paging = parsePaging(ctx.query);
  const body = pageOf({ items: orgs, paging }).map((o) => renderInstallation(ctx.state, o));
  return paginated({ selfUrl: ctx.selfUrl, rawQuery: ctx.rawQuery, paging, total: orgs.length, body });
}

function createAccessToken(ctx: RouteContext) {
  const docs = `${DOCS}#create-an-installation-access-token-for-an-app`;
  const org = liveInstallation(ctx, docs);
  if (org.installation.suspendedAt !== null) throw basicError({ status: 403, message: "This installation has been suspended", docs });
  const granted = org.installation.permissions;
  let permissions = { ...granted };
  const requested = ctx.body.permissions;
  if (requested !== undefined) {
    if (typeof requested !== "object" || requested === null || Array.isArray(requested)) {
      throw validationFailed({ docs, resource: "Installation", issues: [{ field: "permissions", message: "permissions must be an object" }] });
    }
    const entries = Object.entries(requested as Record<string, unknown>);
    const exceeds = entries.some(([name, level]) => typeof level !== "string" || levelRank(level) === 0 || levelRank(granted[name] ?? "") < levelRank(level));
    if (exceeds) throw validationFailed({ docs, resource: "Installation", issues: [{ field: "permissions", code: "custom", message: "The permissions requested are not granted to this installation." }] });
    permissions = Object.fromEntries(entries) as Record<string, string>;
  }
  for (const field of ["repositories", "repository_ids"] as const) {
    const value = ctx.body[field];
    if (value !== undefined && (!Array.isArray(value) || value.length > 500)) {
      throw validationFailed({ docs, resource: "Installation", issues: [{ field, message: `${field} must be an array of at most 500 items` }] });
    }
  }
  const { token, expiresAt } = issueInstallationToken({ state: ctx.state, org, permissions });
  return { status: 201, body: { token, expires_at: iso(expiresAt), permissions, repository_selection: "all" } };
}

function revokeOwnToken(ctx: RouteContext) {
  if (ctx.principal?.kind !== "installation") throw basicError({ status: 403, message: "Resource not accessible by integration", docs: DOCS });
  ctx.state.tokens.delete(ctx.principal.token);
  return { status: 204 };
}

export const appRoutes: Route[] = [
  { method: "GET", path: "/app", auth: "jwt", docs: `${DOCS}#get-the-authenticated-app`, handle: (ctx) => ({ status: 200, body: renderApp(ctx.state) }) },
  { method: "GET", path: "/app/installations", auth: "jwt", docs: `${DOCS}#list-installations-for-the-authenticated-app`, handle: listInstallations },
  {
    method: "GET", path: "/app/installations/:installation_id", auth: "jwt", docs: `${DOCS}#get-an-installation-for-the-authenticated-app`,
    handle: (ctx) => ({ status: 200, body: renderInstallation(ctx.state, liveInstallation(ctx, DOCS)) }),
  },
  { method: "POST", path: "/app/installations/:installation_id/access_tokens", auth: "jwt", docs: `${DOCS}#create-an-installation-access-token-for-an-app`, handle: createAccessToken },
  {
    method: "GET", path: "/orgs/:org/installation", auth: "jwt", docs: `${DOCS}#get-an-organization-installation-for-the-authenticated-app`,
    handle: (ctx) => {
      if (ctx.org!.installation.deleted) throw notFound(`${DOCS}#get-an-organization-installation-for-the-authenticated-app`);
      return { status: 200, body: renderInstallation(ctx.state, ctx.org!) };
    },
  },
  { method: "DELETE", path: "/installation/token", auth: "token", docs: `https://docs.github.com/rest/apps/installations#revoke-an-installation-access-token`, handle: revokeOwnToken },
];
