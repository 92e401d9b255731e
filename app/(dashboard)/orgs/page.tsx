import type { Metadata } from "next";
import { Notice } from "../../_components/notice.tsx";
import { OrgCardView } from "../../_components/org-card.tsx";
import { attempt } from "../../_data/attempt.ts";
import { listOrgCards } from "../../_data/orgs.ts";
import { getDashboardRuntime } from "../../_data/runtime.ts";
import { requireViewer } from "../../_data/viewer.ts";

export const metadata: Metadata = { title: "Organizations" };

export default async function OrgsPage() {
  const viewer = await requireViewer({ returnTo: "/orgs" });
  const cards = await attempt(() => listOrgCards({ viewer }));
  const now = getDashboardRuntime().now();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Organizations</h1>
          <p className="muted">Orgs where patwarden is installed and you are an owner or on the configured security team.</p>
        </div>
      </div>
      {!cards.ok && <Notice kind="error">{cards.message}</Notice>}
      {cards.ok && cards.value.length === 0 && (
        <div className="panel empty">
          <h2>No organizations to show</h2>
          <p>You are not an owner of any org where patwarden is installed, and no security team you are on has access.</p>
          <p>Install the App on an org you own, or ask an owner to add your team to SECURITY_TEAMS.</p>
        </div>
      )}
      {cards.ok && cards.value.length > 0 && (
        <div className="grid cards">
          {cards.value.map((card) => <OrgCardView key={card.login} card={card} now={now} />)}
        </div>
      )}
    </>
  );
}
