// The REST routing table: every endpoint the simulator serves, one file per endpoint family.
import { manifestRoutes } from "../manifest.ts";
import type { Route } from "../route-types.ts";
import { appRoutes } from "./app.ts";
import { credentialRoutes } from "./credential-authorizations.ts";
import { installationRepoRoutes } from "./installation-repos.ts";
import { patGrantRoutes } from "./pat-grants.ts";
import { patRequestRoutes } from "./pat-requests.ts";
import { issueRoutes } from "./issues.ts";
import { peopleRoutes } from "./people.ts";
import { repoRoutes } from "./repos.ts";

export const API_ROUTES: Route[] = [...appRoutes, ...patGrantRoutes, ...patRequestRoutes, ...credentialRoutes, ...peopleRoutes, ...installationRepoRoutes, ...repoRoutes, ...issueRoutes, ...manifestRoutes];

type Compiled = { route: Route; segments: string[] };
const compiled: Compiled[] = API_ROUTES.map((route) => ({ route, segments: route.path.split("/").slice(1) }));

/** Finds the route for a path (no /api/v3 prefix, no query); path parameters are URL-decoded. A last
 * segment `*name` takes the rest of the path, slashes included (the contents API's {path}). */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | null {
  const split = path.split("/").slice(1);
  for (const { route, segments } of compiled) {
    const rest = segments.at(-1)?.startsWith("*") ? segments.length - 1 : -1;
    if (route.method !== method || (rest < 0 ? segments.length !== split.length : split.length < segments.length)) continue;
    const parts = rest < 0 ? split : [...split.slice(0, rest), split.slice(rest).join("/")];
    const params: Record<string, string> = {};
    const ok = segments.every((seg, i) => {
      const part = parts[i]!;
      if (seg.startsWith(":") || seg.startsWith("*")) {
        if (part === "") return false;
        try {
          params[seg.slice(1)] = decodeURIComponent(part);
        } catch {
          return false;
        }
        return true;
      }
      return seg === part;
    });
    if (ok) return { route, params };
  }
  return null;
}
