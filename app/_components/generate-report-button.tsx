"use client";
// "Generate report": runs the report engine on the server, then opens the new report.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { generateReportAction } from "../(dashboard)/orgs/[org]/reports/actions.ts";

export function GenerateReportButton({ org }: { org: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const generate = () => start(async () => {
    const r = await generateReportAction({ org });
    setResult({ ok: r.ok, message: r.message });
    if (r.ok) router.push(r.href);
  });
  return (
    <div>
      <button type="button" className="primary" onClick={generate} disabled={pending}>{pending ? "Generating…" : "Generate report"}</button>
      {result && <p className={`notice ${result.ok ? "ok" : "error"}`} role={result.ok ? "status" : "alert"} style={{ marginTop: 8 }}>{result.message}</p>}
    </div>
  );
}
