"use client";
// "Reload from GitHub" and "Dry run". A dry run opens its run page: what a run would do per rule and grant.
// The page stays current by itself (AutoRefresh): a scheduled or CLI policy run shows when it ends.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { dryRunPolicyAction, reloadPolicyAction } from "../(dashboard)/orgs/[org]/policies/actions.ts";
import { AutoRefresh } from "./auto-refresh.tsx";

export function PolicyActions({ org }: { org: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [busy, setBusy] = useState<"reload" | "dry" | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const reload = () => { setBusy("reload"); start(async () => {
    const r = await reloadPolicyAction({ org });
    setResult(r);
    if (r.ok) router.refresh();
  }); };
  const dryRun = () => { setBusy("dry"); start(async () => {
    const r = await dryRunPolicyAction({ org });
    setResult(r);
    if (r.ok) router.push(r.href);
  }); };
  return (
    <div style={{ textAlign: "right" }}>
      <div className="actions" style={{ justifyContent: "flex-end" }}>
        <button type="button" onClick={reload} disabled={pending}>{pending && busy === "reload" ? "Reading…" : "Reload from GitHub"}</button>
        <button type="button" className="primary" onClick={dryRun} disabled={pending}>{pending && busy === "dry" ? "Planning…" : "Dry run"}</button>
      </div>
      {result && <p className={`notice ${result.ok ? "ok" : "error"}`} role={result.ok ? "status" : "alert"} style={{ marginTop: 8, textAlign: "left" }}>{result.message}</p>}
      <AutoRefresh org={org} />
    </div>
  );
}
