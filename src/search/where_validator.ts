/**
 * Weaviate's check of a `where` filter against the class schema, before any search
 * (`entities/filters/filters_validator.go`, called by `usecases/traverser/traverser_get.go`,
 * which wraps the result in `invalid 'where' filter: `): every leaf's value type must fit the
 * property's data type, `IsNull` takes `valueBoolean`, the `_id` / timestamp paths and uuid
 * properties take `valueText`. Operand errors are prefixed `child operand at position N: ` and
 * joined with `, `.
 * @module
 */
import type { CompareOperator, Filter, FilterValue } from "../core/plan.ts";
import { QUERY_ERRORS } from "../errors/query_errors.ts";
import type { FilterSchema } from "./filter.ts";

/** Weaviate's data type of a value (`valueGeoRange` is `geoCoordinates`). */
function valueDataType(v: FilterValue): string {
  return v.type === "geoRange" ? "geoCoordinates" : v.type;
}

/** `value` + the data type with its first letter upper-cased (`valueInt`). */
function valueName(dataType: string): string {
  return "value" + dataType[0].toUpperCase() + dataType.slice(1);
}

/** Is the value of type `dataType`? `valueString` is the deprecated alias of `valueText`. */
function isType(v: FilterValue, dataType: string): boolean {
  const t = valueDataType(v);
  return t === dataType || (t === "string" && dataType === "text");
}

const UUID_OPERATORS: ReadonlySet<CompareOperator> = new Set([
  "Equal",
  "NotEqual",
  "LessThan",
  "LessThanEqual",
  "GreaterThan",
  "GreaterThanEqual",
  "ContainsAll",
  "ContainsAny",
  "ContainsNone",
]);

/** The validation error text of `filter` (without the `invalid 'where' filter: ` prefix), if any. */
export function whereError(filter: Filter, schema: FilterSchema): string | undefined {
  if ("operands" in filter) {
    const errs: string[] = [];
    filter.operands.forEach((child, i) => {
      const e = whereError(child, schema);
      if (e !== undefined) errs.push(QUERY_ERRORS.where_child(i, e));
    });
    return errs.length > 0 ? errs.join(", ") : undefined;
  }
  const { operator, path, value } = filter;
  // Cross-reference paths are refused by the store's filter compiler.
  if (path.length !== 1) return undefined;
  const name = path[0];
  if (name === "id" || name === "_id") {
    return isType(value, "text") ? undefined : QUERY_ERRORS.where_id();
  }
  if (name === "_creationTimeUnix" || name === "_lastUpdateTimeUnix") {
    return isType(value, "date") || isType(value, "text")
      ? undefined
      : QUERY_ERRORS.where_timestamp(name);
  }
  const prop = schema.properties.find((p) => p.name === name);
  if (!prop) return QUERY_ERRORS.where_no_property(name, schema.className);
  const dataType: string = prop.dataType[0];
  if (operator === "IsNull") {
    return isType(value, "boolean")
      ? undefined
      : QUERY_ERRORS.where_is_null(valueName(valueDataType(value)));
  }
  if (dataType === "uuid" || dataType === "uuid[]") {
    if (!isType(value, "text")) return QUERY_ERRORS.where_uuid_value(name);
    return UUID_OPERATORS.has(operator) ? undefined : QUERY_ERRORS.where_uuid_operator(operator);
  }
  // Properties of the deprecated `string` type take `valueString` and `valueText` alike.
  const base = dataType.replace("[]", "").replace(/^string$/, "text");
  if (isType(value, base)) return undefined;
  return QUERY_ERRORS.where_value_type(
    valueName(valueDataType(value)),
    dataType,
    valueName(base),
  );
}
