import type { ReactNode } from "react";

/** A sentence for the reader: what happened and what to do. role=alert for errors so screen readers announce it. */
export function Notice({ kind = "info", children }: { kind?: "error" | "info" | "ok"; children: ReactNode }) {
  return (
    <div className={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
