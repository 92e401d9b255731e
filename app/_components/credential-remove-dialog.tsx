"use client";
// The confirmation before removing SSO credential authorizations: the server's preview (count, a
// sample, one DELETE each), a required reason, and the org's name typed above 50. On success the
// browser goes to the job's progress page.
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, useTransition } from "react";
import { previewCredentialRemovalAction, startCredentialRemovalAction } from "../(dashboard)/orgs/[org]/credentials/actions.ts";
import type { CredentialRemovalInput, CredentialRemovalPreviewView } from "../_data/credential-removal.ts";
import { credentialTypeLabel } from "../../model/credentials.ts";
import { credentialName } from "../_lib/job-parts.ts";
import { formatDate } from "../_lib/format.ts";
import { reasonProblem } from "../_lib/reason.ts";
import { plural } from "../../model/words.ts";
import { ModalDialog } from "./modal-dialog.tsx";
import { ReasonField } from "./reason-field.tsx";

type PreviewState = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; preview: CredentialRemovalPreviewView };

export function CredentialRemoveDialog({ org, target, open, onClose }: { org: string; target: CredentialRemovalInput; open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [preview, setPreview] = useState<PreviewState>({ state: "loading" });
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const confirmId = useId();
  const targetKey = JSON.stringify(target);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setPreview({ state: "loading" });
    setError(null);
    void previewCredentialRemovalAction({ org, target }).then((r) => {
      if (live) setPreview(r.ok ? { state: "ready", preview: r } : { state: "failed", message: r.message });
    });
    return () => {
      live = false;
    };
    // targetKey stands for target, which is a new object on every render.
  }, [open, org, targetKey]);

  const p = preview.state === "ready" ? preview.preview : null;
  const needsName = p?.confirmOrgName ?? false;
  const nameOk = !needsName || typed.trim().toLowerCase() === org.toLowerCase();
  const canSubmit = p !== null && p.problem === null && reasonProblem({ value: reason, required: true }) === null && nameOk && !pending;
  const what = p ? plural(p.count, "SSO credential authorization") : "SSO credential authorizations";

  const submit = () => {
    if (!p || !canSubmit) return;
    setError(null);
    startTransition(async () => {
      const r = await startCredentialRemovalAction({ org, target, reason, confirmation: needsName ? typed : undefined, expectCount: p.count });
      if (r.ok) router.push(r.href);
      else setError(r.message);
    });
  };

  return (
    <ModalDialog open={open} onClose={onClose} wide title={`Remove ${what} in ${org}`}>
      <form onSubmit={(e) => { e.preventDefault(); submit(); }} aria-busy={preview.state === "loading" || pending}>
        {preview.state === "loading" && <p className="muted" role="status">Counting the selected credentials…</p>}
        {preview.state === "failed" && <p className="notice error" role="alert">{preview.message}</p>}
        {p && (
          <>
            <p data-testid="credential-remove-summary">
              <strong>{what}</strong> will be removed from {org}: their owners must authorize them again to reach it.
              {p.count > 0 && <> GitHub is asked in {plural(p.calls, "call")}, one per authorization.</>}
            </p>
            {p.problem && <p className="notice error" role="alert">{p.problem}</p>}
            {p.sample.length > 0 && (
              <table className="data compact" aria-label="Sample of the selected credentials">
                <caption className="small muted">{p.sample.length < p.count ? `The first ${p.sample.length} of ${p.count}` : "All of them"}</caption>
                <thead><tr><th scope="col">Credential</th><th scope="col">Owner</th><th scope="col">Last used</th></tr></thead>
                <tbody>
                  {p.sample.map((c) => (
                    <tr key={c.id}>
                      <td>{credentialTypeLabel(c.type)} {credentialName({ tokenLastEight: c.lastEight, title: c.title })} <span className="muted small">#{c.id}</span></td>
                      <td>{c.login}</td>
                      <td>{c.accessedAt ? formatDate(new Date(c.accessedAt)) : "never"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {p.problem === null && (
              <>
                <ReasonField value={reason} onChange={setReason} required label="Reason" hint="Recorded with every authorization in the audit log" autoFocus />
                {needsName && (
                  <div className="field">
                    <label htmlFor={confirmId}>More than 50 authorizations: type <strong>{org}</strong> to confirm</label>
                    <input id={confirmId} type="text" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
                  </div>
                )}
              </>
            )}
          </>
        )}
        {error && <p className="notice error" role="alert">{error}</p>}
        <div className="actions modal-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="danger solid" disabled={!canSubmit}>{pending ? "Starting…" : p ? `Remove ${what}` : "Remove"}</button>
        </div>
      </form>
    </ModalDialog>
  );
}
