"use client";
// Above the grants table for those who may revoke: what is selected, the Gmail-style "select all
// N matching this filter", and the button that opens the confirmation.
import { useState } from "react";
import type { RevokeTargetInput } from "../_data/revocations.ts";
import { formatCount, formatCountAtLeast } from "../_lib/format.ts";
import { RevokeDialog } from "./revoke-dialog.tsx";
import { useSelection } from "./selection.tsx";

export function RevokeBar({ org, query }: { org: string; query: string }) {
  const { selection, pageIds, total, totalCapped, count, selectAllMatching, clear } = useSelection();
  // Past the browsing cap the count reads "1,000+"; the confirmation counts exactly before anything is revoked.
  const all = formatCountAtLeast(total, totalCapped);
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<RevokeTargetInput | null>(null);
  const wholePage = selection.mode === "ids" && pageIds.length > 0 && pageIds.every((id) => selection.ids.has(id));

  const openDialog = () => {
    setTarget(selection.mode === "all" ? { kind: "filter", query } : { kind: "ids", ids: [...selection.ids] });
    setOpen(true);
  };

  return (
    <div className="selection-bar" role="region" aria-label="Selection">
      <span aria-live="polite" data-testid="selection-count">
        {count === 0 ? "No grants selected." : selection.mode === "all"
          ? <>All <strong>{all}</strong> grants matching this filter are selected.</>
          : <><strong>{formatCount(count)}</strong> {count === 1 ? "grant" : "grants"} selected{wholePage ? " on this page" : ""}.</>}
      </span>
      {wholePage && (total > pageIds.length || totalCapped) && (
        <button type="button" className="link" onClick={selectAllMatching}>Select all {all} grants matching this filter</button>
      )}
      {count > 0 && <button type="button" className="link" onClick={clear}>Clear selection</button>}
      <span style={{ flex: 1 }} />
      <button type="button" className="danger solid" disabled={count === 0} onClick={openDialog}>
        {count === 0 ? "Revoke…" : selection.mode === "all" ? `Revoke ${all} grants…` : `Revoke ${formatCount(count)} ${count === 1 ? "grant" : "grants"}…`}
      </button>
      {target && <RevokeDialog org={org} target={target} open={open} onClose={() => setOpen(false)} />}
    </div>
  );
}
