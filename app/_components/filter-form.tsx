// A filter bar: one input per entry of a filter table (app/_lib/filter-inputs.ts), so the dashboard
// cannot lack one of the CLI's filters. A plain GET form (works without JavaScript); with
// JavaScript it drops blank fields so URLs stay short and readable, and keeps the current sort.
// Rendered on the server: the filter tables carry zod parsers, which would otherwise ship to the
// browser; only the submit handler (FilterShell) is client code.
import type { ReactNode } from "react";
import { toDateInputValue, type FilterInput } from "../_lib/filter-inputs.ts";
import { FilterShell } from "./filter-shell.tsx";

export type FilterValues = Record<string, string[]>;

const text = (values: FilterValues, key: string) => (values[key] ?? []).join(",");
const checked = (values: FilterValues, key: string, value = "true") => (values[key] ?? []).some((v) => v === value || (value === "true" && v === ""));
const chosen = (values: FilterValues, key: string) => (values[key] ?? []).flatMap((v) => v.split(",")).map((v) => v.trim());

function Field({ input, values }: { input: FilterInput; values: FilterValues }) {
  const { param, label, placeholder, width } = input;
  if (input.kind === "select") {
    return (
      <label>
        {label}
        <select name={param} defaultValue={values[param]?.[0] ?? ""}>
          {input.options.map((o) => <option key={o} value={o === input.defaultOption ? "" : o}>{o}{o === input.defaultOption ? " (default)" : ""}</option>)}
        </select>
      </label>
    );
  }
  if (input.kind === "date") {
    const day = toDateInputValue(values[param]?.[0]);
    // A date-time from a link keeps its time: a date input would round it to the day.
    if (day !== null) return <label>{label}<input type="date" name={param} defaultValue={day} /></label>;
  }
  const numeric = input.kind === "number";
  return (
    <label>
      {label}
      <input
        type={numeric ? "number" : "text"} name={param} defaultValue={text(values, param)} placeholder={placeholder} style={{ width: width ?? 160 }}
        {...(numeric ? { min: 0, ...(input.max !== undefined ? { max: input.max } : {}), step: 1, inputMode: "numeric" as const } : {})}
        {...(input.permissions ? { list: "permission-options" } : {})}
      />
    </label>
  );
}

function Checks({ input, values, optionLabel }: { input: FilterInput; values: FilterValues; optionLabel: (option: string) => string }) {
  if (input.kind === "checkbox") {
    return <label className="check"><input type="checkbox" name={input.param} value="true" defaultChecked={checked(values, input.param)} /> {input.label}</label>;
  }
  return (
    <span role="group" aria-label={input.label.replace(/:$/, "")} className="filter-choices" style={{ display: "inline-flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
      <span className="muted small" style={{ marginLeft: 8 }}>{input.label}</span>
      {input.options.map((o) => (
        <label key={o} className="check"><input type="checkbox" name={input.param} value={o} defaultChecked={chosen(values, input.param).includes(o)} /> {optionLabel(o)}</label>
      ))}
    </span>
  );
}

const isCheck = (i: FilterInput) => i.kind === "checkbox" || i.kind === "choices";

export function FilterForm({ label, inputs, values, resetHref, optionLabel = (o) => o, children }: {
  /** The form's accessible name ("Filter grants"). */
  label: string;
  inputs: readonly FilterInput[];
  values: FilterValues;
  resetHref: string;
  /** How a choice is shown (its value is what the URL carries). */
  optionLabel?: (option: string) => string;
  /** Extra elements in the first row (a datalist). */
  children?: ReactNode;
}) {
  return (
    <FilterShell label={label}>
      <div className="filter-row">
        {inputs.filter((i) => !isCheck(i)).map((i) => <Field key={i.key} input={i} values={values} />)}
        {children}
      </div>
      <div className="filter-row">
        {inputs.filter(isCheck).map((i) => <Checks key={i.key} input={i} values={values} optionLabel={optionLabel} />)}
        {values.sort && <input type="hidden" name="sort" value={values.sort[0]} />}
        {values.direction && <input type="hidden" name="direction" value={values.direction[0]} />}
        {values["per-page"] && <input type="hidden" name="per-page" value={values["per-page"][0]} />}
        <span style={{ flex: 1 }} />
        <a href={resetHref} className="button">Clear</a>
        <button type="submit" className="primary">Apply filters</button>
      </div>
    </FilterShell>
  );
}
