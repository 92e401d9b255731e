// The credentials filter bar: the filter form over the credentials filter table
// (model/credential-filter.ts), kinds shown by their labels.
import { CREDENTIAL_KIND_LABELS } from "../../model/credentials.ts";
import { CREDENTIAL_FILTER_INPUTS } from "../_lib/filter-inputs.ts";
import { FilterForm, type FilterValues } from "./filter-form.tsx";

const kindLabel = (option: string) => (CREDENTIAL_KIND_LABELS as Record<string, string>)[option] ?? option;

export function CredentialsFilterForm({ values, resetHref }: { values: FilterValues; resetHref: string }) {
  return <FilterForm label="Filter credentials" inputs={CREDENTIAL_FILTER_INPUTS} values={values} resetHref={resetHref} optionLabel={kindLabel} />;
}
