// The credentials filter bar: one input per entry of the filter table (model/credential-filter.ts),
// by the rule the grants form follows (app/_lib/filter-inputs.ts): a flag is a checkbox, DATE a date
// input, N a number, lower-case `a|b` choices; LOOKS gives labels. A plain GET form that works
// without JavaScript; rendered on the server so the zod parsers never ship to the browser.
import { CREDENTIAL_FILTER_FIELDS, type CredentialFilterKey } from "../../model/credential-filter.ts";
import { CREDENTIAL_KIND_LABELS, type CredentialKind } from "../../model/credentials.ts";
import { toDateInputValue } from "../_lib/filter-inputs.ts";
import { CredentialsFilterShell } from "./credentials-filter-shell.tsx";

type Values = Record<string, string[]>;
type Look = { label: string; placeholder?: string; width?: number };

const LOOKS: Record<CredentialFilterKey, Look> = {
  q: { label: "Login, title, note or key contains", placeholder: "deploy", width: 170 },
  owner: { label: "Owners (comma-separated)", placeholder: "alice, bob", width: 160 },
  scope: { label: "Any of these scopes", placeholder: "admin:org, delete_repo", width: 180 },
  accessedAfter: { label: "Accessed after" },
  accessedBefore: { label: "Accessed before" },
  riskMin: { label: "Risk at least (0–100)", placeholder: "70", width: 110 },
  state: { label: "Credentials" },
  type: { label: "Type:" },
  neverAccessed: { label: "Never accessed" },
  noExpiry: { label: "No expiry" },
  expired: { label: "Expired" },
  ownerLeft: { label: "Owner left the org" },
};

type Input = { key: CredentialFilterKey; param: string; kind: "text" | "number" | "date" | "select" | "choices" | "checkbox"; options: string[] } & Look;

const INPUTS: Input[] = (Object.entries(CREDENTIAL_FILTER_FIELDS) as [CredentialFilterKey, (typeof CREDENTIAL_FILTER_FIELDS)[CredentialFilterKey]][]).map(([key, f]) => {
  const arg = f.help[0];
  const choices = /^[a-z_]+(\|[a-z_]+)+$/.test(arg);
  const kind = f.kind === "flag" ? "checkbox" : choices ? (f.kind === "list" ? "choices" : "select") : arg === "DATE" ? "date" : arg === "N" ? "number" : "text";
  return { key, param: f.param, kind, options: choices ? arg.split("|") : [], ...LOOKS[key] };
});

const optionLabel = (o: string) => (CREDENTIAL_KIND_LABELS as Record<string, string>)[o as CredentialKind] ?? o;

function Field({ input, values }: { input: Input; values: Values }) {
  const value = values[input.param] ?? [];
  if (input.kind === "select") {
    // The first choice is the default (active): submitted as "", so URLs stay short.
    return (
      <label>{input.label}
        <select name={input.param} defaultValue={value[0] ?? ""}>
          {input.options.map((o, i) => <option key={o} value={i === 0 ? "" : o}>{o}{i === 0 ? " (default)" : ""}</option>)}
        </select>
      </label>
    );
  }
  if (input.kind === "date") {
    const day = toDateInputValue(value[0]);
    if (day !== null) return <label>{input.label}<input type="date" name={input.param} defaultValue={day} /></label>;
  }
  const numeric = input.kind === "number";
  return (
    <label>{input.label}
      <input type={numeric ? "number" : "text"} name={input.param} defaultValue={value.join(",")} placeholder={input.placeholder} style={{ width: input.width ?? 160 }}
        {...(numeric ? { min: 0, max: 100, step: 1, inputMode: "numeric" as const } : {})} />
    </label>
  );
}

function Checks({ input, values }: { input: Input; values: Values }) {
  const value = values[input.param] ?? [];
  if (input.kind === "checkbox") {
    return <label className="check"><input type="checkbox" name={input.param} value="true" defaultChecked={value.some((v) => v === "true" || v === "")} /> {input.label}</label>;
  }
  const chosen = value.flatMap((v) => v.split(",")).map((v) => v.trim());
  return (
    <span role="group" aria-label={input.label.replace(/:$/, "")} className="filter-choices" style={{ display: "inline-flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
      <span className="muted small">{input.label}</span>
      {input.options.map((o) => <label key={o} className="check"><input type="checkbox" name={input.param} value={o} defaultChecked={chosen.includes(o)} /> {optionLabel(o)}</label>)}
    </span>
  );
}

const isCheck = (i: Input) => i.kind === "checkbox" || i.kind === "choices";

export function CredentialsFilterForm({ values, resetHref }: { values: Values; resetHref: string }) {
  return (
    <CredentialsFilterShell>
      <div className="filter-row">{INPUTS.filter((i) => !isCheck(i)).map((i) => <Field key={i.key} input={i} values={values} />)}</div>
      <div className="filter-row">
        {INPUTS.filter(isCheck).map((i) => <Checks key={i.key} input={i} values={values} />)}
        {values.sort && <input type="hidden" name="sort" value={values.sort[0]} />}
        {values.direction && <input type="hidden" name="direction" value={values.direction[0]} />}
        {values["per-page"] && <input type="hidden" name="per-page" value={values["per-page"][0]} />}
        <span style={{ flex: 1 }} />
        <a href={resetHref} className="button">Clear</a>
        <button type="submit" className="primary">Apply filters</button>
      </div>
    </CredentialsFilterShell>
  );
}
