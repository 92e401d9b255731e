"use client";
// Above the requests table for reviewers: how many are selected, a reason (sent to GitHub with the
// review), and approve / deny. The table re-renders afterwards
// without the reviewed requests.
import { useState, useTransition } from "react";
import { reviewRequestsAction } from "../(dashboard)/orgs/[org]/requests/actions.ts";
import { formatCount } from "../_lib/format.ts";
import { reasonProblem } from "../_lib/reason.ts";
import { ReasonField } from "./reason-field.tsx";
import { useSelection } from "./selection.tsx";

type Decision = "approve" | "deny";

export function RequestReviewBar({ org }: { org: string }) {
  const { selection, count, clear } = useSelection();
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const [running, setRunning] = useState<Decision | null>(null);
  const problem = reasonProblem({ value: reason, required: true });
  const n = `${formatCount(count)} ${count === 1 ? "request" : "requests"}`;

  const review = (decision: Decision) => {
    if (selection.mode !== "ids" || count === 0 || problem) return;
    const ids = [...selection.ids];
    setResult(null);
    setRunning(decision);
    startTransition(async () => {
      const r = await reviewRequestsAction({ org, ids, decision, reason });
      setResult(r);
      setRunning(null);
      // The action revalidates the page: reviewed requests leave the table in the same response.
      if (r.ok) {
        setReason("");
        clear();
      }
    });
  };

  return (
    <section className="panel review-bar" aria-label="Review the selected requests" style={{ marginBottom: 12 }}>
      <p aria-live="polite" data-testid="selection-count" style={{ margin: 0 }}>
        {count === 0 ? "Select requests below to approve or deny them." : <><strong>{n}</strong> selected.</>}
      </p>
      <ReasonField value={reason} onChange={setReason} required label="Reason" hint="Sent to GitHub with the review and kept in the audit log" />
      <div className="actions">
        <button type="button" className="primary" disabled={count === 0 || pending || problem !== null} onClick={() => review("approve")}>
          {running === "approve" ? "Approving…" : count > 0 ? `Approve ${n}` : "Approve"}
        </button>
        <button type="button" className="danger" disabled={count === 0 || pending || problem !== null} onClick={() => review("deny")}>
          {running === "deny" ? "Denying…" : count > 0 ? `Deny ${n}` : "Deny"}
        </button>
      </div>
      {result && <p className={`notice ${result.ok ? "ok" : "error"}`} role={result.ok ? "status" : "alert"} style={{ marginTop: 12, marginBottom: 0 }}>{result.message}</p>}
    </section>
  );
}
