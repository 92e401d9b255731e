// The REST routing table: every endpoint the simulator serves, one file per endpoint family.
import type { Route } from "../route-types.ts";
import { appRoutes } from "./app.ts";
import { patGrantRoutes } from "./pat-grants.ts";
import { patRequestRoutes } from "./pat-requests.ts";
import { peopleRoutes } from "./people.ts";

export const API_ROUTES: Route[] = [...appRoutes, ...patGrantRoutes, ...patRequestRoutes, ...peopleRoutes];

type Compiled = { route: Route; segments: string[] };
const compiled: Compiled[] = API_ROUTES.map((route) => ({ route, segments: route.path.split("/").slice(1) }));

/** Finds the route for a path (no /api/v3 prefix, no query); path parameters are URL-decoded. */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | null {
  const parts = path.split("/").slice(1);
  for (const { route, segments } of compiled) {
    if (route.method !== method || segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = segments.every((seg, i) => {
      const part = parts[i]!;
      if (seg.startsWith(":")) {
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
