/**
 * Weaviate `where` ({@link Filter}) to the gRPC `Filters` message in protojson (base.proto,
 * Weaviate v1.38.3+): `OPERATOR_*` names, `target.property`, typed `value*` fields, dates as
 * RFC3339 `valueText`, `id` as `_id`, int64 as strings.
 * @module
 */
import type { Filter, FilterValue } from "../../core/plan.ts";

/** The protojson `Filters` message (loosely typed: it is sent as JSON). */
export type GrpcFilters = Record<string, unknown>;

const OPERATORS: Readonly<Record<string, string>> = {
  And: "OPERATOR_AND",
  Or: "OPERATOR_OR",
  Not: "OPERATOR_NOT",
  Equal: "OPERATOR_EQUAL",
  NotEqual: "OPERATOR_NOT_EQUAL",
  GreaterThan: "OPERATOR_GREATER_THAN",
  GreaterThanEqual: "OPERATOR_GREATER_THAN_EQUAL",
  LessThan: "OPERATOR_LESS_THAN",
  LessThanEqual: "OPERATOR_LESS_THAN_EQUAL",
  Like: "OPERATOR_LIKE",
  IsNull: "OPERATOR_IS_NULL",
  ContainsAny: "OPERATOR_CONTAINS_ANY",
  ContainsAll: "OPERATOR_CONTAINS_ALL",
  ContainsNone: "OPERATOR_CONTAINS_NONE",
  WithinGeoRange: "OPERATOR_WITHIN_GEO_RANGE",
};

/** Metadata paths: GraphQL spelling to the gRPC special property. */
const SPECIAL: Readonly<Record<string, string>> = {
  id: "_id",
  _id: "_id",
  _creationTimeUnix: "_creationTimeUnix",
  _lastUpdateTimeUnix: "_lastUpdateTimeUnix",
};

/** Translates a filter tree; throws for reference paths (not supported by the gateway). */
export function toGrpcFilters(filter: Filter): GrpcFilters {
  const operator = OPERATORS[filter.operator];
  if ("operands" in filter) {
    return { operator, filters: filter.operands.map(toGrpcFilters) };
  }
  if (filter.path.length !== 1) {
    throw new Error(
      `where path [${filter.path.join(", ")}]: cross-reference paths are not supported`,
    );
  }
  const name = filter.path[0];
  const property = SPECIAL[name] ?? name;
  return { operator, target: { property }, ...value(filter.value, property) };
}

function value(v: FilterValue, property: string): GrpcFilters {
  const many = Array.isArray(v.value);
  switch (v.type) {
    case "text":
    case "string":
    case "date":
      return many
        ? { valueTextArray: { values: (v.value as string[]).map((s) => text(s, v.type)) } }
        : { valueText: text(v.value as string, v.type) };
    case "int":
      // Timestamps of the metadata paths are compared as text in Weaviate's gRPC filters.
      if (property.startsWith("_") && property !== "_id" && !many) {
        return { valueText: String(v.value) };
      }
      return many
        ? { valueIntArray: { values: (v.value as number[]).map(String) } }
        : { valueInt: String(v.value) };
    case "number":
      return many
        ? { valueNumberArray: { values: v.value as number[] } }
        : { valueNumber: v.value as number };
    case "boolean":
      return many
        ? { valueBooleanArray: { values: v.value as boolean[] } }
        : { valueBoolean: v.value as boolean };
    case "geoRange":
      return {
        valueGeo: {
          latitude: v.value.latitude,
          longitude: v.value.longitude,
          distance: v.value.maxDistance,
        },
      };
  }
}

/** Dates go as RFC3339 text (normalised to UTC like the TS client's `toISOString()`). */
function text(s: string, type: string): string {
  if (type !== "date") return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? s : new Date(t).toISOString();
}
