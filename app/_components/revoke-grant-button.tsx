"use client";
// The grant page's "Revoke…": a reason, then update_pat_access for this one grant; the answer is
// GitHub's, shown in the dialog; closing it re-renders the page with the grant marked removed.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { revokeGrantAction } from "../(dashboard)/orgs/[org]/grants/actions.ts";
import { ModalDialog } from "./modal-dialog.tsx";
import { reasonProblem } from "../_lib/reason.ts";
import { ReasonField } from "./reason-field.tsx";

export function RevokeGrantButton({ org, grantId, tokenName, owner }: { org: string; grantId: number; tokenName: string; owner: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const done = result?.ok === true;
  // The page re-renders (grant removed, button gone) once the person has read GitHub's answer.
  const close = () => {
    setOpen(false);
    if (done) router.refresh();
  };

  const submit = () => {
    if (reasonProblem({ value: reason, required: true }) || pending || done) return;
    setResult(null);
    startTransition(async () => {
      const r = await revokeGrantAction({ org, grantId, reason });
      setResult(r);
    });
  };

  return (
    <>
      <button type="button" className="danger solid" onClick={() => { setResult(null); setOpen(true); }}>Revoke this grant…</button>
      <ModalDialog open={open} onClose={close} title={`Revoke ${tokenName}`}>
        <form onSubmit={(e) => { e.preventDefault(); submit(); }} aria-busy={pending}>
          <p>
            <strong>{owner}</strong>&apos;s token <strong>{tokenName}</strong> (grant {grantId}) will lose access to {org}. GitHub is asked at once;
            the owner can request access again.
          </p>
          {!done && <ReasonField value={reason} onChange={setReason} required label="Reason" hint="Recorded in the audit log" autoFocus />}
          {result && <p className={`notice ${result.ok ? "ok" : "error"}`} role={result.ok ? "status" : "alert"}>{result.message}</p>}
          <div className="actions modal-actions">
            <button type="button" onClick={close}>{done ? "Close" : "Cancel"}</button>
            {!done && (
              <button type="submit" className="danger solid" disabled={pending || reasonProblem({ value: reason, required: true }) !== null}>
                {pending ? "Revoking…" : "Revoke"}
              </button>
            )}
          </div>
        </form>
      </ModalDialog>
    </>
  );
}
