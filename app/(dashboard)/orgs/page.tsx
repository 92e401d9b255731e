import type { Metadata } from "next";
import { Notice } from "../../_components/notice.tsx";
import { OrgCardView } from "../../_components/org-card.tsx";
import { RollupTable } from "../../_components/rollup-table.tsx";
import { attempt } from "../../_data/attempt.ts";
import { listOrgCards } from "../../_data/orgs.ts";
import { loadRollup } from "../../_data/rollup.ts";
import { getDashboardRuntime } from "../../_data/runtime.ts";
import { requireViewer } from "../../_data/viewer.ts";

export const metadata: Metadata = { title: "Organizations" };

// The roll-up lives here rather than on a page of its own: this is where sign-in lands and it
// already lists every org the viewer may see, so the comparison across orgs comes first and each
// org's connection card (sync, pause, permissions) stays one scroll away.
export default async function OrgsPage() {
  const viewer = await requireViewer({ returnTo: "/orgs" });
  const [cards, rollup] = await Promise.all([attempt(() => listOrgCards({ viewer })), attempt(() => loadRollup({ viewer }))]);
  const now = getDashboardRuntime().now();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Organizations</h1>
          <p className="muted">Orgs where patwarden is installed and you are an owner or on the configured security team.</p>
        </div>
      </div>
      {/* Both read the same access checks: one failure (GitHub unreachable) is said once. */}
      {!rollup.ok && (cards.ok || cards.message !== rollup.message) && <Notice kind="error">{rollup.message}</Notice>}
      {rollup.ok && rollup.value.lines.length > 0 && <RollupTable view={rollup.value} now={now} />}
      {!cards.ok && <Notice kind="error">{cards.message}</Notice>}
      {cards.ok && cards.value.length === 0 && (
        <div className="panel empty">
          <h2>No organizations to show</h2>
          <p>You are not an owner of any org where patwarden is installed, and no security team you are on has access.</p>
          <p>Install the App on an org you own, or ask an owner to add your team to SECURITY_TEAMS.</p>
        </div>
      )}
      {cards.ok && cards.value.length > 0 && (
        <>
          <h2 style={{ margin: "16px 0 8px" }}>Connections</h2>
          <div className="grid cards">
            {cards.value.map((card) => <OrgCardView key={card.login} card={card} now={now} />)}
          </div>
        </>
      )}
    </>
  );
}
