// GET /installation/repositories: the repositories an installation token can see. The simulator's
// installations are all `repository_selection: "all"`, so this is every org repository, in id order.
import { notFound, pageOf, parsePaging, linkHeader } from "../http-util.ts";
import { renderFullRepo } from "../render-repo.ts";
import type { Route, RouteContext } from "../route-types.ts";

const DOCS = "https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation";

function listInstallationRepos(ctx: RouteContext) {
  if (ctx.principal?.kind !== "installation") throw notFound(DOCS);
  const org = ctx.state.installations.get(ctx.principal.installationId);
  if (!org) throw notFound(DOCS);
  const paging = parsePaging(ctx.query);
  const repos = pageOf({ items: org.repos, paging }).map((r) => renderFullRepo(ctx.state, org, r));
  const link = linkHeader({ base: ctx.selfUrl, rawQuery: ctx.rawQuery, paging, total: org.repos.length });
  return {
    status: 200,
    body: { total_count: org.repos.length, repository_selection: "all", repositories: repos },
    ...(link ? { headers: { link } } : {}),
  };
}

export const installationRepoRoutes: Route[] = [
  { method: "GET", path: "/installation/repositories", auth: "token", docs: DOCS, handle: listInstallationRepos },
];
