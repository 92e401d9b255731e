"use client";
// The confirmation before a bulk revocation: the server's preview (count, owners, a sample,
// batches), a required reason, and the org's name typed above 50 grants. On success the browser
// goes to the job's progress page. The preview counts only up to the limit of one job (exact
// whenever the selection can be revoked); past it the exact count arrives live from
// /api/orgs/{org}/revoke-count, and closing the dialog or changing the selection cancels it.
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, useTransition } from "react";
import { previewRevocationAction, startRevocationAction } from "../(dashboard)/orgs/[org]/grants/actions.ts";
import type { RevokePreviewView, RevokeTargetInput } from "../_data/revocations.ts";
import { formatCount, formatDate } from "../_lib/format.ts";
import { ModalDialog } from "./modal-dialog.tsx";
import { reasonProblem } from "../_lib/reason.ts";
import { ReasonField } from "./reason-field.tsx";
import { plural } from "../../model/words.ts";

type PreviewState = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; preview: RevokePreviewView };
type ExactState = { state: "none" } | { state: "counting" } | { state: "stopped" } | { state: "failed"; message: string } | { state: "done"; count: number };


export function RevokeDialog({ org, target, open, onClose }: { org: string; target: RevokeTargetInput; open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [preview, setPreview] = useState<PreviewState>({ state: "loading" });
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const confirmId = useId();
  const targetKey = JSON.stringify(target);
  const [exact, setExact] = useState<ExactState>({ state: "none" });
  const [stopCounting, setStopCounting] = useState<(() => void) | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setPreview({ state: "loading" });
    setError(null);
    void previewRevocationAction({ org, target }).then((r) => {
      if (!live) return;
      setPreview(r.ok ? { state: "ready", preview: r } : { state: "failed", message: r.message });
    });
    return () => {
      live = false;
    };
    // targetKey stands for target, which is a new object on every render.
  }, [open, org, targetKey]);

  const capped = open && preview.state === "ready" && preview.preview.countCapped && target.kind === "filter";
  const query = target.kind === "filter" ? target.query : "";
  useEffect(() => {
    if (!capped) {
      setExact({ state: "none" });
      return;
    }
    const controller = new AbortController();
    setExact({ state: "counting" });
    setStopCounting(() => () => {
      controller.abort();
      setExact({ state: "stopped" });
    });
    fetch(`/api/orgs/${encodeURIComponent(org)}/revoke-count?${query}`, { signal: controller.signal, cache: "no-store" })
      .then(async (r) => {
        if (r.ok) setExact({ state: "done", count: ((await r.json()) as { count: number }).count });
        else setExact({ state: "failed", message: await r.text() });
      })
      .catch(() => {
        if (!controller.signal.aborted) setExact({ state: "failed", message: "The exact count could not be read; the preview above still holds." });
      });
    return () => controller.abort();
  }, [capped, org, query]);

  const p = preview.state === "ready" ? preview.preview : null;
  // Past the limit: "more than 10,000" until the exact count arrives.
  const shownCount = !p ? "" : !p.countCapped ? formatCount(p.count) : exact.state === "done" ? formatCount(exact.count) : `more than ${formatCount(p.count)}`;
  const grantsWord = (word: string) => (p && !p.countCapped ? plural(p.count, word) : `${shownCount} ${word}s`);
  const needsName = p?.confirmOrgName ?? false;
  const nameOk = !needsName || typed.trim().toLowerCase() === org.toLowerCase();
  const canSubmit = p !== null && p.problem === null && reasonProblem({ value: reason, required: true }) === null && nameOk && !pending;

  const submit = () => {
    if (!p || !canSubmit) return;
    setError(null);
    startTransition(async () => {
      const r = await startRevocationAction({ org, target, reason, confirmation: needsName ? typed : undefined, expectCount: p.count });
      if (r.ok) router.push(r.href);
      else setError(r.message);
    });
  };

  return (
    <ModalDialog open={open} onClose={onClose} wide title={p ? `Revoke ${grantsWord("grant")} in ${org}` : `Revoke grants in ${org}`}>
      <form onSubmit={(e) => { e.preventDefault(); submit(); }} aria-busy={preview.state === "loading" || pending}>
        {preview.state === "loading" && <p className="muted" role="status">Counting the selected grants…</p>}
        {preview.state === "failed" && <p className="notice error" role="alert">{preview.message}</p>}
        {p && (
          <>
            <p data-testid="revoke-summary">
              <strong>{grantsWord("active grant")}</strong>{!p.countCapped && <> of {plural(p.owners.length + p.moreOwners, "owner")}</>} will lose access to {org}.
              {p.count > 0 && <> GitHub is asked in {plural(p.batches, "call")} of at most 100 grants.</>}
            </p>
            {p.countCapped && (
              <p className="small muted" role="status" data-testid="revoke-exact-count">
                {exact.state === "counting" && <>Counting every matching grant exactly… <button type="button" className="link" onClick={() => stopCounting?.()}>Stop counting</button></>}
                {exact.state === "stopped" && "Exact count stopped."}
                {exact.state === "failed" && exact.message}
                {exact.state === "done" && <>Counted exactly: {plural(exact.count, "active grant")}.</>}
              </p>
            )}
            {p.problem && <p className="notice error" role="alert">{p.problem}</p>}
            {p.owners.length > 0 && (
              <p className="small">
                Owners: {p.owners.map((o) => `${o.login} (${formatCount(o.count)})`).join(", ")}
                {p.moreOwners > 0 && ` and ${plural(p.moreOwners, "more owner")}`}
              </p>
            )}
            {p.sample.length > 0 && (
              <table className="data compact" aria-label="Sample of the selected grants">
                <caption className="small muted">{p.sample.length < p.count || p.countCapped ? `The first ${p.sample.length} of ${shownCount}` : "All of them"}</caption>
                <thead><tr><th scope="col">Token</th><th scope="col">Owner</th><th scope="col">Last used</th></tr></thead>
                <tbody>
                  {p.sample.map((g) => (
                    <tr key={g.id}><td>{g.tokenName} <span className="muted small">#{g.id}</span></td><td>{g.owner}</td><td>{g.lastUsedAt ? formatDate(new Date(g.lastUsedAt)) : "never"}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
            {p.problem === null && (
              <>
                <ReasonField value={reason} onChange={setReason} required label="Reason" hint="Recorded with every grant in the audit log" autoFocus />
                {needsName && (
                  <div className="field">
                    <label htmlFor={confirmId}>More than 50 grants: type <strong>{org}</strong> to confirm</label>
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
          <button type="submit" className="danger solid" disabled={!canSubmit}>
            {pending ? "Starting…" : p ? `Revoke ${grantsWord("grant")}` : "Revoke"}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
