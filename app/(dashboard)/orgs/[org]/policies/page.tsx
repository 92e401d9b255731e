import type { Metadata } from "next";
import { Notice } from "../../../../_components/notice.tsx";
import { OrgHeader } from "../../../../_components/org-header.tsx";
import { oneParam, TimePager } from "../../../../_components/time-pager.tsx";
import { PolicyActions } from "../../../../_components/policy-actions.tsx";
import { PolicyRules } from "../../../../_components/policy-rules.tsx";
import { credentialRunView, PolicyCredentialRules } from "../../../../_components/policy-credential-rules.tsx";
import { PolicySource } from "../../../../_components/policy-source.tsx";
import { PolicyRunsTable } from "../../../../_components/policy-runs-table.tsx";
import { attempt } from "../../../../_data/attempt.ts";
import { requireOrgAccess } from "../../../../_data/org-access.ts";
import { getPolicyPage } from "../../../../_data/policies.ts";
import { getDashboardRuntime } from "../../../../_data/runtime.ts";
import { requireViewer } from "../../../../_data/viewer.ts";
import { formatDateTime } from "../../../../_lib/format.ts";
import { orgStatus } from "../../../../_lib/org-status.ts";
import { ruleScopes } from "../../../../_lib/policy-counts.ts";

type Props = { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).org)} policies` };
}

const STATUS_TEXT = {
  default: "No policy file: safe defaults apply (every rule reports; nothing is notified or revoked).",
  valid: "The policy file is valid and applies.",
  invalid: "The policy file is invalid, so none of it applies: policy runs are skipped until it is fixed.",
} as const;

export default async function PoliciesPage({ params, searchParams }: Props) {
  const org = decodeURIComponent((await params).org);
  const viewer = await requireViewer({ returnTo: `/orgs/${encodeURIComponent(org)}/policies` });
  const checked = await attempt(() => requireOrgAccess({ viewer, org }));
  if (!checked.ok) return <Notice kind="error">{checked.message}</Notice>;
  const gate = checked.value;
  const header = <OrgHeader login={gate.org.login} status={orgStatus(gate.org)} access={gate.access} current="policies" />;
  const query = await searchParams;
  const after = oneParam(query.after);
  const before = oneParam(query.before);
  const result = await attempt(() => getPolicyPage({ viewer, org, after, before }));
  if (!result.ok) return <>{header}<Notice kind="error">{result.message}</Notice></>;
  const { login, policy, runs, older, newer } = result.value;
  const now = getDashboardRuntime().now();
  const { config } = policy;
  // The newest run that evaluated rules: its matches per rule, beside the category counts they differ from.
  // (Only the first page of the run history holds the newest runs.)
  const latest = after || before ? undefined : runs.find((r) => r.status !== "skipped" && r.summary && "perRule" in r.summary);
  const lastRun = latest && { id: latest.id, scopes: ruleScopes({ summary: latest.summary }) };
  return (
    <>
      {header}
      <section className="panel" aria-labelledby="policy-file" style={{ marginBottom: 16 }}>
        <div className="page-head" style={{ marginBottom: 8 }}>
          <h2 id="policy-file">Policy file <span className={`badge ${policy.status === "invalid" ? "bad" : policy.status === "valid" ? "active" : "neutral"}`} data-testid="policy-status">{policy.status}</span></h2>
          <PolicyActions org={login} />
        </div>
        <p>{STATUS_TEXT[policy.status]}</p>
        <p className="small muted">
          <code>{policy.path}</code> in the <code>{policy.repository}</code> repository
          {policy.sha && <> (blob <code>{policy.sha.slice(0, 10)}</code>)</>}
          {policy.loadedAt ? <>, read {formatDateTime(policy.loadedAt)}.</> : ", not read from GitHub yet."}
        </p>
        {policy.status === "invalid" && <Notice kind="error">{policy.errors.length} error{policy.errors.length === 1 ? "" : "s"} in the file; each is shown under its line.</Notice>}
        {policy.source !== null && (
          <details open={policy.status === "invalid"}>
            <summary>Source</summary>
            <PolicySource source={policy.source} errors={policy.errors} />
          </details>
        )}
      </section>
      <section className="panel" aria-labelledby="rules" style={{ marginBottom: 16 }}>
        <h2 id="rules">{policy.status === "valid" ? "Effective rules" : "Default rules"}</h2>
        <PolicyRules config={config} now={now} lastRun={lastRun} />
      </section>
      <section className="panel" aria-labelledby="credential-rules" style={{ marginBottom: 16 }}>
        <h2 id="credential-rules">Credential rules</h2>
        <p className="small muted">SSO credential authorizations (classic PATs, SSH keys, OAuth and App tokens), in orgs with SAML single sign-on.</p>
        <PolicyCredentialRules config={config} now={now} lastRun={latest && credentialRunView(latest)} />
      </section>
      <section className="panel" aria-labelledby="guardrails" style={{ marginBottom: 16 }}>
        <h2 id="guardrails">Guardrails and delivery</h2>
        <dl className="facts">
          <dt>Stop switch</dt>
          <dd>{config.enforcement.stop ? <><span className="badge bad">on</span> runs only report; nothing is notified or revoked</> : <span className="badge active">off</span>}</dd>
          <dt>Revocations per run</dt>
          <dd>at most {config.enforcement.maxRevocationsPerRun}, and at most {config.enforcement.maxRevocationPercent}% of active grants</dd>
          <dt>Owner warnings</dt>
          <dd>
            {config.notify.repository ? <>issues in <code>{config.notify.repository}</code></> : "no issue repository"}
            {config.notify.webhookUrl ? "; and a webhook POST" : ""}
          </dd>
          <dt>Reports</dt>
          <dd>
            {config.reports.schedule}; stale after {config.reports.staleDays} days, expiring within {config.reports.expiringDays} days
            {config.reports.issue && <>; issue in <code>{config.reports.issue.repository}</code></>}
            {config.reports.file && <>; file <code>{config.reports.file.repository}/{config.reports.file.path}</code></>}
          </dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="runs">
        <h2 id="runs">Run history</h2>
        <p className="small muted">Scheduled runs, dry runs and manual runs; open one to see what it did per rule and per grant.</p>
        <PolicyRunsTable org={login} runs={runs} />
        <TimePager base={`/orgs/${encodeURIComponent(login)}/policies`} newer={newer} older={older} label="Run history pages" />
      </section>
      <p className="small muted" style={{ marginTop: 8 }}>The file format is described in <code>docs/policies.md</code>; rules are changed by committing the file, never here.</p>
    </>
  );
}
