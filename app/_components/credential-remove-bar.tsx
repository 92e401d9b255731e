"use client";
// Above the credentials table for those who may revoke: what is selected, "select all N matching
// this filter", and the button that opens the confirmation (credential-remove-dialog.tsx).
import { useState } from "react";
import type { CredentialRemovalInput } from "../_data/credential-removal.ts";
import { formatCount, formatCountAtLeast } from "../_lib/format.ts";
import { CredentialRemoveDialog } from "./credential-remove-dialog.tsx";
import { useSelection } from "./selection.tsx";

export function CredentialRemoveBar({ org, query }: { org: string; query: string }) {
  const { selection, pageIds, total, totalCapped, count, selectAllMatching, clear } = useSelection();
  const all = formatCountAtLeast(total, totalCapped);
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<CredentialRemovalInput | null>(null);
  const wholePage = selection.mode === "ids" && pageIds.length > 0 && pageIds.every((id) => selection.ids.has(id));
  const word = (n: number) => (n === 1 ? "authorization" : "authorizations");

  const openDialog = () => {
    setTarget(selection.mode === "all" ? { kind: "filter", query } : { kind: "ids", ids: [...selection.ids] });
    setOpen(true);
  };

  return (
    <div className="selection-bar" role="region" aria-label="Selection">
      <span aria-live="polite" data-testid="selection-count">
        {count === 0 ? "No credentials selected." : selection.mode === "all"
          ? <>All <strong>{all}</strong> authorizations matching this filter are selected.</>
          : <><strong>{formatCount(count)}</strong> {word(count)} selected{wholePage ? " on this page" : ""}.</>}
      </span>
      {wholePage && (total > pageIds.length || totalCapped) && (
        <button type="button" className="link" onClick={selectAllMatching}>Select all {all} authorizations matching this filter</button>
      )}
      {count > 0 && <button type="button" className="link" onClick={clear}>Clear selection</button>}
      <span style={{ flex: 1 }} />
      <button type="button" className="danger solid" disabled={count === 0} onClick={openDialog}>
        {count === 0 ? "Remove authorizations…" : selection.mode === "all" ? `Remove ${all} authorizations…` : `Remove ${formatCount(count)} ${word(count)}…`}
      </button>
      {target && <CredentialRemoveDialog org={org} target={target} open={open} onClose={() => setOpen(false)} />}
    </div>
  );
}
