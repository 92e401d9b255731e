"use client";
// A reason box with a live count. Over the limit it says so in a sentence (and the form's buttons
// stay disabled) rather than silently cutting pasted text, as a maxlength attribute would.
import { useId } from "react";
import { formatCount } from "../_lib/format.ts";
import { REASON_MAX_CHARS, reasonLength } from "../../model/reason.ts";
import { reasonProblem } from "../_lib/reason.ts";

export function ReasonField({ value, onChange, required, label, hint, max = REASON_MAX_CHARS, autoFocus = false }: {
  value: string; onChange: (v: string) => void; required: boolean; label: string; hint?: string; max?: number; autoFocus?: boolean;
}) {
  const id = useId();
  const n = reasonLength(value);
  const over = n > max;
  const problem = over ? reasonProblem({ value, required, max }) : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}{required ? " (required)" : " (optional)"}</label>
      <textarea
        id={id}
        name="reason"
        rows={3}
        value={value}
        required={required}
        aria-invalid={over || undefined}
        aria-describedby={`${id}-count${problem ? ` ${id}-problem` : ""}`}
        onChange={(e) => onChange(e.target.value)}
        // React focuses it when it mounts, e.g. once a dialog's preview has loaded.
        autoFocus={autoFocus}
      />
      <div className="small muted" id={`${id}-count`}>
        {hint ? `${hint} · ` : ""}{formatCount(n)} / {formatCount(max)} characters
      </div>
      {problem && <p className="field-error" id={`${id}-problem`} role="alert">{problem}</p>}
    </div>
  );
}
