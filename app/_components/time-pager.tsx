// "← Newer" / "Older →" under a newest-first list paged by a (time, id) cursor (model/time-cursor.ts):
// `newer`/`older` are the cursors the list's page returned (null: no rows that way).
import Link from "./link.tsx";

export function TimePager({ base, newer, older, label }: { base: string; newer: string | null; older: string | null; label: string }) {
  if (!newer && !older) return null;
  return (
    <nav className="pager" aria-label={label}>
      {newer ? <Link className="button" href={`${base}?after=${encodeURIComponent(newer)}`} rel="prev" data-testid="pager-newer">← Newer</Link>
        : <span className="button" aria-disabled>← Newer</span>}
      {older ? <Link className="button" href={`${base}?before=${encodeURIComponent(older)}`} rel="next" data-testid="pager-older">Older →</Link>
        : <span className="button" aria-disabled>Older →</span>}
    </nav>
  );
}

/** One value of a search parameter (the first when repeated); empty is none. */
export const oneParam = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v) || undefined;
