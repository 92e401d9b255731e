// The grants filter bar: the filter form over the grants filter table, with the permission names
// offered while typing.
import { FILTER_INPUTS } from "../_lib/filter-inputs.ts";
import { FilterForm, type FilterValues } from "./filter-form.tsx";

export type { FilterValues };

export function GrantFilterForm({ values, permissionOptions, resetHref }: { values: FilterValues; permissionOptions: readonly string[]; resetHref: string }) {
  return (
    <FilterForm label="Filter grants" inputs={FILTER_INPUTS} values={values} resetHref={resetHref}>
      <datalist id="permission-options">{permissionOptions.map((p) => <option key={p} value={p} />)}</datalist>
    </FilterForm>
  );
}
