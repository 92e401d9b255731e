"use client";
// Offboarding from the person page: choose orgs (default: every org where the person holds
// something and the viewer may revoke), the server's preview per org (grants, credentials, API
// calls), a required reason, the login typed above the threshold; then links to each org's job.
import { useEffect, useId, useState, useTransition } from "react";
import { previewOffboardingAction, startOffboardingAction } from "../(dashboard)/people/[login]/actions.ts";
import type { OffboardPreviewView } from "../_data/offboard.ts";
import { formatCount } from "../_lib/format.ts";
import { reasonProblem } from "../_lib/reason.ts";
import Link from "./link.tsx";
import { ModalDialog } from "./modal-dialog.tsx";
import { ReasonField } from "./reason-field.tsx";

export type OffboardOrgChoice = { org: string; items: number; canRevoke: boolean };
type Preview = { state: "idle" } | { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; preview: OffboardPreviewView };
type Started = { id: number; jobs: { org: string; jobId: number; href: string }[] };

export function OffboardButton({ login, orgs }: { login: string; orgs: OffboardOrgChoice[] }) {
  const [open, setOpen] = useState(false);
  const usable = orgs.filter((o) => o.canRevoke);
  if (usable.length === 0) return <p className="muted small">Your access is read-only in every org here, so you cannot offboard {login}.</p>;
  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>Offboard {login}…</button>
      <ModalDialog open={open} title={`Offboard ${login}`} onClose={() => setOpen(false)} wide>
        <OffboardForm login={login} orgs={usable} />
      </ModalDialog>
    </>
  );
}

function OffboardForm({ login, orgs }: { login: string; orgs: OffboardOrgChoice[] }) {
  const [chosen, setChosen] = useState<string[]>(() => {
    const holding = orgs.filter((o) => o.items > 0).map((o) => o.org);
    return holding.length ? holding : orgs.map((o) => o.org);
  });
  const [preview, setPreview] = useState<Preview>({ state: "idle" });
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<Started | null>(null);
  const [pending, startTransition] = useTransition();
  const confirmId = useId();
  const key = chosen.join(",");

  // Keyed by the joined logins, so a new array with the same orgs does not preview again.
  useEffect(() => {
    if (key === "") return setPreview({ state: "idle" });
    let live = true;
    setPreview({ state: "loading" });
    void previewOffboardingAction({ login, orgs: key.split(",") }).then((r) => {
      if (live) setPreview(r.ok ? { state: "ready", preview: r } : { state: "failed", message: r.message });
    });
    return () => void (live = false);
  }, [login, key]);

  if (started) {
    return (
      <div role="status" style={{ padding: "12px 20px 20px" }}>
        <p>Offboarding {started.id} started. Each org&apos;s revocation job shows its progress:</p>
        <ul>{started.jobs.map((j) => <li key={j.jobId}><Link href={j.href}>{j.org}: job {j.jobId}</Link></li>)}</ul>
      </div>
    );
  }
  const p = preview.state === "ready" ? preview.preview : null;
  const needTyped = p?.confirmLogin ?? false;
  const reasonBad = reasonProblem({ value: reason, required: true });
  const blocked = !p || p.totals.items === 0 || reasonBad !== null || (needTyped && typed.trim().toLowerCase() !== login.toLowerCase()) || pending;
  const start = () => startTransition(async () => {
    setError(null);
    const r = await startOffboardingAction({ login, orgs: chosen, reason, confirmation: needTyped ? typed : undefined, expectItems: p?.totals.items });
    if (r.ok) setStarted(r);
    else setError(r.message);
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (!blocked) start(); }} aria-busy={preview.state === "loading" || pending}>
      <fieldset className="field">
        <legend>Organizations</legend>
        {orgs.map((o) => (
          <label key={o.org} style={{ display: "block" }}>
            <input type="checkbox" checked={chosen.includes(o.org)} onChange={(e) => setChosen(e.target.checked ? [...chosen, o.org].sort() : chosen.filter((c) => c !== o.org))} />{" "}
            {o.org} <span className="muted small">({formatCount(o.items)} held)</span>
          </label>
        ))}
      </fieldset>
      {preview.state === "loading" && <p aria-live="polite">Counting what would be removed…</p>}
      {preview.state === "failed" && <p className="field-error" role="alert">{preview.message}</p>}
      {p && (
        <div className="table-wrap" style={{ marginBottom: 12 }}>
          <table className="data" aria-label="Offboarding preview">
            <thead><tr><th scope="col">Org</th><th scope="col">Grants</th><th scope="col">SSO credentials</th><th scope="col">Removal calls</th><th scope="col">Look-ups</th></tr></thead>
            <tbody>
              {p.orgs.map((o) => (
                <tr key={o.org} data-preview-org={o.org}>
                  <td>{o.org}{o.overlapping.length > 0 && <div className="field-error small">held by unfinished job {o.overlapping.join(", ")}</div>}</td>
                  <td>{formatCount(o.grants)}</td>
                  <td>{formatCount(o.credentials)}{o.credentialsNote && <div className="muted small">{o.credentialsNote}</div>}</td>
                  <td>{formatCount(o.calls)}</td>
                  <td>{formatCount(o.lookups)}</td>
                </tr>
              ))}
              <tr><th scope="row">Total</th><td>{formatCount(p.totals.grants)}</td><td>{formatCount(p.totals.credentials)}</td><td data-testid="offboard-calls">{formatCount(p.totals.calls)}</td><td data-testid="offboard-lookups">{formatCount(p.totals.lookups)}</td></tr>
            </tbody>
          </table>
        </div>
      )}
      {p && p.totals.items === 0 && <p>{login} holds nothing to remove in the chosen orgs.</p>}
      <ReasonField value={reason} onChange={setReason} required label="Reason" hint="recorded with every removed item" />
      {needTyped && (
        <div className="field">
          <label htmlFor={confirmId}>Type <strong>{login}</strong> to remove {formatCount(p!.totals.items)} grants and credentials</label>
          <input id={confirmId} type="text" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        </div>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="actions modal-actions">
        <button type="submit" className="danger solid" disabled={blocked}>
          {pending ? "Starting…" : `Offboard: remove ${formatCount(p?.totals.items ?? 0)}`}
        </button>
      </div>
    </form>
  );
}
