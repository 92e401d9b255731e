import type { Metadata } from "next";
import Link from "../../_components/link.tsx";
import { Notice } from "../../_components/notice.tsx";
import { PeopleTable } from "../../_components/person-table.tsx";
import { attempt } from "../../_data/attempt.ts";
import { loadPeople } from "../../_data/people.ts";
import { getDashboardRuntime } from "../../_data/runtime.ts";
import { requireViewer } from "../../_data/viewer.ts";
import { PEOPLE_SORTS, type PeopleSort } from "../../../bot/people/verbs.ts";

export const metadata: Metadata = { title: "People" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
const SORT_LABELS: Record<PeopleSort, string> = { risk: "Highest risk", login: "Login", grants: "Most grants" };

export default async function PeoplePage({ searchParams }: Props) {
  const query = await searchParams;
  const q = one(query.q);
  const sortParam = one(query.sort);
  const sort = (PEOPLE_SORTS as readonly string[]).includes(sortParam ?? "") ? (sortParam as PeopleSort) : "risk";
  const after = one(query.after);
  const viewer = await requireViewer({ returnTo: "/people" });
  const result = await attempt(() => loadPeople({ viewer, q, sort, after }));
  const now = getDashboardRuntime().now();
  const next = result.ok && result.value.nextCursor
    ? `/people?${new URLSearchParams({ ...(q ? { q } : {}), sort, after: result.value.nextCursor }).toString()}` : null;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>People</h1>
          <p className="muted">Everyone who holds a grant, an SSO credential or a pending request, or is a member, in the orgs you may see.</p>
        </div>
      </div>
      <form className="filter-row" method="get" action="/people" role="search" style={{ marginBottom: 12 }}>
        <label className="field" style={{ margin: 0 }}>
          <span>Login</span>
          <input type="search" name="q" defaultValue={q ?? ""} placeholder="part of a login" aria-label="Search people by login" />
        </label>
        <label className="field" style={{ margin: 0 }}>
          <span>Sort</span>
          <select name="sort" defaultValue={sort} aria-label="Sort people">
            {PEOPLE_SORTS.map((s) => <option key={s} value={s}>{SORT_LABELS[s]}</option>)}
          </select>
        </label>
        <button type="submit">Search</button>
        {(q || after) && <Link href="/people" className="button">Clear</Link>}
      </form>
      {!result.ok && <Notice kind="error">{result.message}</Notice>}
      {result.ok && result.value.orgCount === 0 && (
        <div className="panel empty"><p>You may not see any org where patwarden is installed, so there is no one to show.</p></div>
      )}
      {result.ok && result.value.orgCount > 0 && result.value.rows.length === 0 && (
        <div className="panel empty"><p>{q ? `No one whose login contains “${q}”.` : "No one holds anything yet."}</p></div>
      )}
      {result.ok && result.value.rows.length > 0 && <PeopleTable rows={result.value.rows} now={now} />}
      {(next || after) && (
        <nav className="pager" aria-label="People pages">
          {after && <Link className="button" href={`/people?${new URLSearchParams({ ...(q ? { q } : {}), sort }).toString()}`}>First page</Link>}
          {next && <Link className="button" href={next} data-testid="people-next">Next →</Link>}
        </nav>
      )}
    </>
  );
}
