// What a grant query means beyond its syntax, checked against the org's data: a repository the
// synced data never names, and a page past the last one, are mistakes to report, not empty answers.
import { hasRepository, listRepositoryNames } from "../../db/queries/repositories.ts";
import { closeMatches } from "../../model/close-matches.ts";
import { InvalidInput } from "../../model/errors.ts";
import type { GrantFilter } from "../../model/grant-filter.ts";
import type { Db } from "../../db/client.ts";

/** How the face names a field: `--repository` on the command line, `repository` in a URL. */
export type FieldStyle = "flag" | "param";
export const fieldName = (param: string, style: FieldStyle = "param") => (style === "flag" ? `--${param}` : param);

/**
 * Unknown repository → InvalidInput with close matches. Without this check the filter quietly
 * selects every "All repositories" grant, which reads as an answer about that repository.
 */
export async function checkRepositoryFilter({ db, orgId, filter, fieldStyle }: {
  db: Db; orgId: number; filter: GrantFilter; fieldStyle?: FieldStyle;
}): Promise<void> {
  const repository = filter.repository;
  if (repository === undefined || await hasRepository({ db, orgId, repository })) return;
  const known = await listRepositoryNames({ db, orgId });
  // Compared by bare name (a wrong owner is a near miss too), shown in the form that was typed.
  const slash = repository.indexOf("/");
  const close = closeMatches(repository.slice(slash + 1), known.map((r) => r.name))
    .map((name) => (slash < 0 ? name : known.find((r) => r.name === name)!.fullName));
  throw new InvalidInput(fieldName("repository", fieldStyle),
    `no grant or request of this org lists a repository ${JSON.stringify(repository)}` +
    (close.length ? `; did you mean ${close.join(", ")}?` : known.length ? "" : " (no repositories are synced yet)") +
    ` (name it as NAME or OWNER/NAME; grants with "All repositories" reach every repository: ${fieldName("selection", fieldStyle)} all lists them)`);
}

/** The last page of `total` matches, at least 1. */
export const lastPageOf = (total: number, perPage: number) => Math.max(1, Math.ceil(total / perPage));

/** A page past the end → InvalidInput naming the last page (`total` is exact there: listGrants counts past the page). */
export function checkPage({ page, perPage, total, rowCount, fieldStyle, what = "grants" }: {
  page: number; perPage: number; total: number; rowCount: number; fieldStyle?: FieldStyle; what?: string;
}): void {
  if (page <= 1 || rowCount > 0) return;
  const last = lastPageOf(total, perPage);
  throw new InvalidInput(fieldName("page", fieldStyle), `${page} is past the last page (${last})${total === 0 ? `; no ${what} match` : `; ${total} ${what} match`}`);
}
