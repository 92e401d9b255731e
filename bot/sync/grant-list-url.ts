// The grant listing's first URL, shared by the full sweep and the narrower syncs (by repository,
// owner, token id, last use). Oldest first, 100 a page: new grants append at the end and leave
// earlier pages' ETags valid. Its own module so the sweep and the repository-scoped pass that
// it drives do not import each other.
import { ROUTES, withQuery } from "../github/calls.ts";

export function grantListUrl({ login, query = {} }: { login: string; query?: Record<string, string | number | string[]> }): string {
  return withQuery(ROUTES.grants(login), { per_page: 100, sort: "created_at", direction: "asc", ...query });
}
