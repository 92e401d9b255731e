import type { Metadata } from "next";
import Link from "../../../_components/link.tsx";
import { ChartPanel } from "../../../_components/chart-panel.tsx";
import { ChartBar, ChartLineTrend, ChartStackedPermissions } from "../../../_components/charts/lazy.tsx";
import { TrendPanels } from "../../../_components/trend-panels.tsx";
import { Notice } from "../../../_components/notice.tsx";
import { OrgHeader } from "../../../_components/org-header.tsx";
import { attempt } from "../../../_data/attempt.ts";
import { requireOrgAccess } from "../../../_data/org-access.ts";
import { getOrgOverview } from "../../../_data/overview.ts";
import { getOrgTrends } from "../../../_data/trends.ts";
import { getDashboardRuntime } from "../../../_data/runtime.ts";
import { requireViewer } from "../../../_data/viewer.ts";
import { grantsHref, trendEmptyState } from "../../../_lib/charts.ts";
import { formatCount, formatDateTime, formatRelative } from "../../../_lib/format.ts";
import { orgStatus } from "../../../_lib/org-status.ts";

type Props = { params: Promise<{ org: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).org)} overview` };
}

export default async function OverviewPage({ params }: Props) {
  const org = decodeURIComponent((await params).org);
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const [result, trends] = await Promise.all([attempt(() => getOrgOverview({ viewer, org })), attempt(() => getOrgTrends({ viewer, org }))]);
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="overview" />;
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const o = result.value;
  const now = getDashboardRuntime().now();
  const noGrants = o.total === 0 ? "No active grants in this org." : null;
  return (
    <>
      {header}
      <div className="stat-row">
        <div className="stat"><div className="muted small">Active grants</div><div className="value"><Link href={grantsHref({ org: o.login })}>{formatCount(o.total)}</Link></div></div>
        <div className="stat"><div className="muted small">Stale (90 days)</div><div className="value"><Link href={grantsHref({ org: o.login, filter: { staleDays: 90 } })}>{formatCount(o.stale)}</Link></div><div className="small muted">unused 90 days, or never used</div></div>
        <div className="stat"><div className="muted small">Owner left the org</div><div className="value"><Link href={grantsHref({ org: o.login, filter: { ownerLeft: true } })}>{formatCount(o.ownerLeft)}</Link></div></div>
        <div className="stat"><div className="muted small">All repositories, with write</div><div className="value"><Link href={grantsHref({ org: o.login, filter: { allReposWrite: true } })}>{formatCount(o.allReposWrite)}</Link></div></div>
        <div className="stat"><div className="muted small">Last sync</div><div className="value" style={{ fontSize: 16 }}>{o.lastSyncAt ? formatRelative({ date: o.lastSyncAt, now }) : "never"}</div></div>
      </div>
      <p className="small muted" data-testid="overview-as-of">
        Counts as of {asOfText({ asOf: o.asOf, now })}: recounted after each sync, revocation and webhook, and when 15 minutes old.
      </p>
      {o.total === 0 && <Notice>No active grants are stored for {o.login} yet. If the org has grants, run a sync from the Organizations page.</Notice>}
      <div className="grid charts">
        <ChartPanel title="By last use" description="When each token was last used." links={o.lastUse} empty={noGrants}>
          <ChartBar data={o.lastUse} />
        </ChartPanel>
        <ChartPanel title="By expiry" description="When each token expires." links={o.expiry} empty={noGrants}>
          <ChartBar data={o.expiry} tone="purple" />
        </ChartPanel>
        <ChartPanel title="Write and admin permissions" description="Permissions held at write or admin, by number of grants."
          links={o.permissions.map((p) => ({ key: p.key, label: p.label, count: p.write + p.admin, href: p.href }))}
          empty={o.permissions.length === 0 ? "No grant holds a write or admin permission." : null}>
          <ChartStackedPermissions data={o.permissions} />
        </ChartPanel>
        <ChartPanel title="Owners with the most grants" links={o.owners} empty={noGrants}>
          <ChartBar data={o.owners} layout="horizontal-bars" tone="green" height={300} />
        </ChartPanel>
        <ChartPanel title="Repository selection" description="All repositories, selected ones, or public only." links={o.selection} empty={noGrants}>
          <ChartBar data={o.selection} tone="orange" />
        </ChartPanel>
        <ChartPanel title="Active grants over 30 days" description="As counted by each successful sync." links={[]}
          empty={trendEmptyState(o.trend)}>
          <ChartLineTrend data={o.trend} />
        </ChartPanel>
      </div>
      <h2 style={{ marginTop: 24 }}>History</h2>
      {trends.ok ? <TrendPanels trends={trends.value} /> : <Notice kind="error">{trends.message}</Notice>}
    </>
  );
}

/** "14:05 UTC" on the same day, else "2026-12-04 14:05 UTC". */
function asOfText({ asOf, now }: { asOf: Date; now: Date }): string {
  const text = formatDateTime(asOf);
  return text.slice(0, 10) === formatDateTime(now).slice(0, 10) ? text.slice(11) : text;
}
