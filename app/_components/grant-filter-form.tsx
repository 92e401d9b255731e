"use client";
// The grants filter bar. A plain GET form (works without JavaScript); with JavaScript it drops
// blank fields so URLs stay short and readable, and keeps the current sort.
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { GRANT_FILTER_PARAMS } from "../../model/grant-filter.ts";

export type FilterValues = Record<string, string[]>;

/** The filters this form has a field for; every other filter (links from reports and policies) rides along hidden. */
const FORM_KEYS = new Set(["search", "owner", "repository", "permission", "stale-days", "expiring-within", "last-used-after", "last-used-before", "risk-min", "never-used", "expired", "no-expiry", "owner-left", "selection"]);
const KEPT_KEYS = GRANT_FILTER_PARAMS.filter((k) => !FORM_KEYS.has(k));

const text = (values: FilterValues, key: string) => (values[key] ?? []).join(",");
const checked = (values: FilterValues, key: string, value = "true") => (values[key] ?? []).some((v) => v === value || (value === "true" && v === ""));

function Field({ name, label, values, placeholder, width = 160 }: { name: string; label: string; values: FilterValues; placeholder?: string; width?: number }) {
  return (
    <label>
      {label}
      <input type="text" name={name} defaultValue={text(values, name)} placeholder={placeholder} style={{ width }} />
    </label>
  );
}

export function GrantFilterForm({ values, permissionOptions, resetHref }: { values: FilterValues; permissionOptions: readonly string[]; resetHref: string }) {
  const router = useRouter();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim() !== "") params.append(key, value.trim());
    }
    router.push(`?${params.toString()}`);
  };
  return (
    <form method="get" onSubmit={submit} className="panel filter-form" aria-label="Filter grants">
      <div className="filter-row">
        <Field name="search" label="Token or owner contains" values={values} placeholder="deploy" width={150} />
        <Field name="owner" label="Owners (comma-separated)" values={values} placeholder="alice, bob" width={160} />
        <Field name="repository" label="Reaches repository" values={values} placeholder="api" width={120} />
        <label>
          Permission (at least)
          <input type="text" name="permission" list="permission-options" defaultValue={text(values, "permission")} placeholder="contents:write" style={{ width: 170 }} />
        </label>
        <datalist id="permission-options">{permissionOptions.map((p) => <option key={p} value={p} />)}</datalist>
        <Field name="stale-days" label="Stale for days" values={values} placeholder="90" width={95} />
        <Field name="expiring-within" label="Expires within days" values={values} placeholder="30" width={115} />
        <Field name="last-used-after" label="Last used after" values={values} placeholder="2026-01-31" width={110} />
        <Field name="last-used-before" label="Last used before" values={values} placeholder="2026-01-31" width={110} />
        <Field name="risk-min" label="Risk at least (0–100)" values={values} placeholder="70" width={110} />
      </div>
      <div className="filter-row">
        <label className="check"><input type="checkbox" name="never-used" value="true" defaultChecked={checked(values, "never-used")} /> Never used</label>
        <label className="check"><input type="checkbox" name="expired" value="true" defaultChecked={checked(values, "expired")} /> Expired</label>
        <label className="check"><input type="checkbox" name="no-expiry" value="true" defaultChecked={checked(values, "no-expiry")} /> No expiry</label>
        <label className="check"><input type="checkbox" name="owner-left" value="true" defaultChecked={checked(values, "owner-left")} /> Owner left the org</label>
        <span className="muted small" style={{ marginLeft: 8 }}>Repositories:</span>
        {(["all", "subset", "none"] as const).map((s) => (
          <label key={s} className="check"><input type="checkbox" name="selection" value={s} defaultChecked={(values.selection ?? []).flatMap((v) => v.split(",")).includes(s)} /> {s}</label>
        ))}
        {/* Filters this form has no field for (links from reports and policies) survive a refinement. */}
        {KEPT_KEYS.flatMap((k) => (values[k] ?? []).map((v, i) => <input key={`${k}-${i}`} type="hidden" name={k} value={v} />))}
        {values.sort && <input type="hidden" name="sort" value={values.sort[0]} />}
        {values.direction && <input type="hidden" name="direction" value={values.direction[0]} />}
        {values["per-page"] && <input type="hidden" name="per-page" value={values["per-page"][0]} />}
        <span style={{ flex: 1 }} />
        <a href={resetHref} className="button">Clear</a>
        <button type="submit" className="primary">Apply filters</button>
      </div>
    </form>
  );
}
