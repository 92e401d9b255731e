"use client";
// Row selection for a server-rendered table: checked ids on this page, or "everything the current
// filter matches" (then the server resolves the filter; the browser never lists those ids).
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";

export type Selection = { mode: "ids"; ids: ReadonlySet<number> } | { mode: "all" };

type SelectionContext = {
  selection: Selection;
  pageIds: number[];
  /** How many rows the filter matches across all pages; a lower bound when totalCapped. */
  total: number;
  totalCapped: boolean;
  count: number;
  isSelected: (id: number) => boolean;
  toggle: (id: number, on: boolean) => void;
  togglePage: (on: boolean) => void;
  selectAllMatching: () => void;
  clear: () => void;
};

const Ctx = createContext<SelectionContext | null>(null);

export function useSelection(): SelectionContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useSelection is used outside a SelectionProvider");
  return ctx;
}

export function SelectionProvider({ pageIds, total, totalCapped = false, children }: { pageIds: number[]; total: number; totalCapped?: boolean; children: ReactNode }) {
  const [selection, setSelection] = useState<Selection>({ mode: "ids", ids: new Set() });
  const value = useMemo<SelectionContext>(() => {
    // Rows can leave the page under a selection (reviewed, revoked): only rows still shown count.
    const shown = new Set(pageIds);
    const effective: Selection = selection.mode === "all" ? selection : { mode: "ids", ids: new Set([...selection.ids].filter((id) => shown.has(id))) };
    const isSelected = (id: number) => effective.mode === "all" || effective.ids.has(id);
    return {
      selection: effective, pageIds, total, totalCapped,
      count: effective.mode === "all" ? total : effective.ids.size,
      isSelected,
      toggle: (id, on) => {
        // Unticking one row of "all matching" keeps the rest of this page, the rows a person can see.
        const current = effective.mode === "all" ? new Set(pageIds) : new Set(effective.ids);
        if (on) current.add(id);
        else current.delete(id);
        setSelection({ mode: "ids", ids: current });
      },
      togglePage: (on) => setSelection({ mode: "ids", ids: on ? new Set(pageIds) : new Set() }),
      selectAllMatching: () => setSelection({ mode: "all" }),
      clear: () => setSelection({ mode: "ids", ids: new Set() }),
    };
  }, [selection, pageIds, total, totalCapped]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function RowCheckbox({ id, label }: { id: number; label: string }) {
  const { isSelected, toggle } = useSelection();
  return (
    <input type="checkbox" className="row-select" aria-label={label} checked={isSelected(id)} onChange={(e) => toggle(id, e.target.checked)} />
  );
}

export function PageCheckbox({ label }: { label: string }) {
  const { selection, pageIds, togglePage } = useSelection();
  const selectedOnPage = selection.mode === "all" ? pageIds.length : pageIds.filter((id) => selection.ids.has(id)).length;
  const all = pageIds.length > 0 && selectedOnPage === pageIds.length;
  return (
    <input
      type="checkbox"
      aria-label={label}
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = selectedOnPage > 0 && !all;
      }}
      onChange={(e) => togglePage(e.target.checked)}
    />
  );
}
