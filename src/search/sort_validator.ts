/**
 * Weaviate's check of the `sort` argument against the class schema
 * (`entities/filters/sort_validator.go`, wrapped by `usecases/traverser/explorer.go` in
 * `invalid 'sort' parameter: `): one property name per entry, a known property, not a uuid.
 * Entry errors are prefixed `sort parameter at position N: ` and joined with `, `.
 * @module
 */
import type { SortSpec } from "../core/plan.ts";
import { QUERY_ERRORS } from "../errors/query_errors.ts";
import type { FilterSchema } from "./filter.ts";

const INTERNAL = new Set(["id", "_id", "_creationTimeUnix", "_lastUpdateTimeUnix"]);

function entryError(spec: SortSpec, schema: FilterSchema): string | undefined {
  if (spec.path.length === 0) return QUERY_ERRORS.sort_empty_path();
  if (spec.path.length > 1) return QUERY_ERRORS.sort_reference();
  const name = spec.path[0];
  if (INTERNAL.has(name)) return undefined;
  const prop = schema.properties.find((p) => p.name === name);
  if (!prop) return QUERY_ERRORS.where_no_property(name, schema.className);
  if (prop.dataType[0] === "uuid" || prop.dataType[0] === "uuid[]") {
    return QUERY_ERRORS.sort_uuid(name);
  }
  return undefined;
}

/** The validation error text of `specs` (without the `invalid 'sort' parameter: ` prefix). */
export function sortError(specs: readonly SortSpec[], schema: FilterSchema): string | undefined {
  const errs: string[] = [];
  specs.forEach((spec, i) => {
    const e = entryError(spec, schema);
    if (e !== undefined) errs.push(QUERY_ERRORS.sort_position(i, e));
  });
  return errs.length > 0 ? errs.join(", ") : undefined;
}
