import type { SnapshotTrends } from "../_lib/trends.ts";
import { STALE_DAYS } from "../../model/categories.ts";
import { formatCount } from "../_lib/format.ts";
import { ChartBarWeekly, ChartLineShare, ChartLineTrend } from "./charts/lazy.tsx";

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

/** The overview's history: charts from daily snapshots, each with its latest numbers as text (the charts are aria-hidden). */
export function TrendPanels({ trends }: { trends: SnapshotTrends & { days: number } }) {
  const { points, weekly, enough, days } = trends;
  const last = points.at(-1);
  const revokedTotal = weekly.reduce((n, w) => n + w.revoked, 0);
  return (
    <div className="grid charts" data-testid="trends">
      {!enough && (
        <section className="panel" aria-label="Trends">
          <h2>Trends</h2>
          <p className="empty">
            Trends need at least two daily snapshots; {points.length === 0 ? "none has been taken yet" : "only one has been taken so far"}.
            The snapshot job takes one per day; come back tomorrow.
          </p>
        </section>
      )}
      {enough && last && (
        <>
          <section className="panel" aria-label="Active grants per day">
            <h2>Active grants per day</h2>
            <p className="small muted">From daily snapshots over the last {days} days.</p>
            <ChartLineTrend data={points.map((p) => ({ date: p.date, activeGrants: p.activeGrants }))} />
            <p className="small">{last.date}: {formatCount(last.activeGrants)} active grants ({points.length} snapshots).</p>
          </section>
          <section className="panel" aria-label="Stale and no-expiry share">
            <h2>Stale and no-expiry share</h2>
            <p className="small muted">Share of active grants unused for {STALE_DAYS} days (or never used), and with no expiry.</p>
            <ChartLineShare data={points} />
            <p className="small">{last.date}: stale {pct(last.staleShare)}, no expiry {pct(last.noExpiryShare)}.</p>
          </section>
        </>
      )}
      <section className="panel" aria-label="Revocations per week">
        <h2>Revocations per week</h2>
        <p className="small muted">Grants revoked through patwarden (bulk, single and policy), weeks from Monday (UTC).</p>
        {revokedTotal === 0 ? (
          <p className="empty">No grant was revoked through patwarden in the last {weekly.length} weeks.</p>
        ) : (
          <>
            <ChartBarWeekly data={weekly} />
            <p className="small">{formatCount(revokedTotal)} revoked in the last {weekly.length} weeks.</p>
          </>
        )}
      </section>
    </div>
  );
}
