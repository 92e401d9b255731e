import Link from "./link.tsx";
import type { ReactNode } from "react";
import { formatCount } from "../_lib/format.ts";

/** A chart with its title and the same numbers as links: the accessible path and the no-JS view. */
export function ChartPanel({ title, description, links, empty, children }: {
  title: string;
  description?: string;
  links: { key: string; label: string; count: number; href: string; linkNote?: string }[];
  empty?: string | null;
  children: ReactNode;
}) {
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {description && <p className="small muted">{description}</p>}
      {empty ? <p className="empty">{empty}</p> : children}
      {links.length > 0 && (
        <ul className="chart-links">
          {links.map((l) => (
            <li key={l.key}>
              <Link href={l.href} title={l.linkNote}>{l.label}</Link> <span className="muted">{formatCount(l.count)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
