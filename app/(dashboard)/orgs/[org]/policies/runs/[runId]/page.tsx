import type { Metadata } from "next";
import Link from "../../../../../../_components/link.tsx";
import { notFound } from "next/navigation";
import { Notice } from "../../../../../../_components/notice.tsx";
import { OrgHeader } from "../../../../../../_components/org-header.tsx";
import { PolicyCredentialItems } from "../../../../../../_components/policy-credential-items.tsx";
import { attempt } from "../../../../../../_data/attempt.ts";
import { requireOrgAccess } from "../../../../../../_data/org-access.ts";
import { getPolicyRunDetail } from "../../../../../../_data/policies.ts";
import { requireViewer } from "../../../../../../_data/viewer.ts";
import { formatCount, formatDateTime } from "../../../../../../_lib/format.ts";
import { orgStatus } from "../../../../../../_lib/org-status.ts";
import { OUTCOME_COLUMNS, ruleScopes } from "../../../../../../_lib/policy-counts.ts";
import { groupRunItems, outcomeText } from "../../../../../../_lib/policy-view.ts";
import { POLICY_OUTCOMES } from "../../../../../../../model/statuses.ts";

type Props = { params: Promise<{ org: string; runId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Policy run ${(await params).runId}` };
}

const TONE: Record<string, string> = { matched: "neutral", notified: "paused", revoked: "bad", skipped: "neutral", excepted: "active" };

export default async function PolicyRunPage({ params }: Props) {
  const p = await params;
  const org = decodeURIComponent(p.org);
  if (!/^\d{1,18}$/.test(p.runId)) notFound();
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/policies/runs/${p.runId}` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="policies" />;
  const result = await attempt(() => getPolicyRunDetail({ viewer, org, runId: Number(p.runId) }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  if (!result.value) notFound();
  const { login, run, items, total, counts, credentials } = result.value;
  const credentialSummary = (run.summary as { credentials?: { skippedReason: string | null } } | null)?.credentials;
  const groups = groupRunItems(items);
  const scopes = ruleScopes({ summary: run.summary });
  const grantHref = (id: number) => `/orgs/${encodeURIComponent(login)}/grants/${id}`;
  return (
    <>
      {header}
      <p className="small"><Link href={`/orgs/${encodeURIComponent(login)}/policies`}>← Policies</Link></p>
      <h2 style={{ fontSize: 20 }}>
        Policy run #{run.id} {run.dryRun && <span className="badge neutral">dry run</span>}{" "}
        <span className={`badge ${run.status === "succeeded" ? "active" : run.status === "failed" ? "bad" : "neutral"}`}>{run.status}</span>
      </h2>
      <dl className="facts" style={{ marginBottom: 12 }}>
        <dt>Started</dt><dd>{formatDateTime(run.startedAt)} by {run.actor} ({run.trigger})</dd>
        <dt>Rules evaluated at</dt><dd>{formatDateTime(run.evaluatedAt)}</dd>
        <dt>Policy file</dt><dd>{run.configSha ? <code>{run.configSha.slice(0, 10)}</code> : "defaults (no file)"}</dd>
        {run.status !== "skipped" && <>
          <dt>Matched</dt>
          <dd data-testid="run-counts">
            <strong>{formatCount(total)}</strong> (grant, rule) matches:{" "}
            {OUTCOME_COLUMNS.map((c, i) => <span key={c.outcome} data-outcome={c.outcome}>{i > 0 && " · "}{c.header.toLowerCase()} {formatCount(counts[c.outcome])}</span>)}
          </dd>
        </>}
        {run.revocationJobId !== null && <><dt>Revocation job</dt><dd><Link href={`/orgs/${encodeURIComponent(login)}/revocations/${run.revocationJobId}`}>#{run.revocationJobId}</Link></dd></>}
      </dl>
      {run.error && <Notice kind={run.status === "failed" || run.status === "skipped" ? "error" : "info"}>{run.error}</Notice>}
      {run.dryRun && run.status !== "skipped" && <Notice>A dry run: this is exactly what a run at that moment would do. Nothing was warned, notified or revoked.</Notice>}
      {run.status !== "skipped" && credentialSummary && (
        <PolicyCredentialItems items={credentials.items} total={credentials.total} dryRun={run.dryRun} skippedReason={credentialSummary.skippedReason} />
      )}
      {items.length === 0 && run.status !== "skipped" && <p className="panel empty">No grant matched any rule.</p>}
      {total > items.length && <Notice>Showing the first {formatCount(items.length)} of {formatCount(total)} items.</Notice>}
      {groups.map((g) => (
        <section key={g.rule} className="panel" aria-label={`Rule ${g.rule}`} data-rule={g.rule} style={{ marginBottom: 16 }}>
          <h3><code>{g.rule}</code> <span className="muted small">mode {g.mode}</span></h3>
          {scopes.get(g.rule) && <p className="small" data-testid="rule-scope">Matched {scopes.get(g.rule)!.text}.</p>}
          <ul className="counts small">
            {POLICY_OUTCOMES.filter((o) => g.counts[o] > 0).map((o) => <li key={o}>{outcomeText(o, run.dryRun)}: <strong>{formatCount(g.counts[o])}</strong></li>)}
          </ul>
          <div className="table-wrap" style={{ marginTop: 8 }}>
            <table className="data compact">
              <thead><tr><th scope="col">Token</th><th scope="col">Owner</th><th scope="col">Outcome</th><th scope="col">Why</th></tr></thead>
              <tbody>
                {g.items.map((i) => (
                  <tr key={i.grantId} data-grant-id={i.grantId}>
                    <td><Link href={grantHref(i.grantId)}>{i.tokenName}</Link></td>
                    <td>{i.ownerLogin}</td>
                    <td><span className={`badge ${TONE[i.outcome] ?? "neutral"}`}>{outcomeText(i.outcome, run.dryRun)}</span></td>
                    <td className="reason">{i.detail ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
