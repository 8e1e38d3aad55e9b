/**
 * Evaluates a Weaviate `where` filter ({@link Filter}) against one object, in process.
 *
 * The filter is compiled once per query ({@link compileFilter}): paths and value types are
 * checked up front, so a bad filter fails even on an empty collection, with messages modelled on
 * Weaviate's (`data type filter cannot use "valueInt" on type "text", use "valueText" instead`;
 * `no such prop with name 'x' found in class 'C' in the schema. ...`).
 *
 * Semantics (Weaviate's inverted-index behaviour, as far as it can be reproduced in memory):
 * - Array properties match when any element matches (Equal, ranges, Like).
 * - `text` properties are compared by tokens of the property's tokenization: `Equal` means every
 *   token of the filter value occurs in the property, `Like` means every pattern token matches some
 *   property token (`*` = any run, `?` = one character; `word`/`lowercase` are case-insensitive
 *   because both sides are lower-cased), `ContainsAny/All/None` use the tokens of all values.
 *   Range operators compare the whole text value lexicographically (a simplification).
 * - `string` (deprecated), `uuid` and the `id` path compare whole values; ids case-insensitively.
 * - `NotEqual` is the complement of `Equal`, so objects without the property match it.
 * - `IsNull: true` matches missing, `null` and empty-array values.
 * - `date` values compare as instants (RFC3339 parsed); `_creationTimeUnix` and
 *   `_lastUpdateTimeUnix` accept ms-since-epoch strings or numbers, or `valueDate`.
 * - `WithinGeoRange` uses the haversine distance in metres.
 * @module
 */
import type { DataType, PropertyConfig } from "../config/types.ts";
import type { CompareOperator, Filter, FilterValue } from "../core/plan.ts";
import {
  type Atom,
  containsPredicate,
  equalPredicate,
  type Family,
  type FilterPredicate,
  isNull,
  type Leaf,
  likePredicate,
  rangePredicate,
} from "./filter_leaf.ts";
import { haversineMetres, isGeoCoordinates } from "./geo.ts";
import { stopwordSet } from "./stopwords.ts";

export type { FilterPredicate, FilterTarget } from "./filter_leaf.ts";
export { compileLike, type LikeMatcher } from "./like.ts";

/** The class a filter is compiled for. */
export interface FilterSchema {
  readonly className: string;
  readonly properties: readonly PropertyConfig[];
  /** The class's stop words (`stopwords.ts`); default Weaviate's `en` preset. */
  readonly stopwords?: ReadonlySet<string>;
}

/** Compiles `filter` for `schema`; throws a descriptive Error for invalid paths or value types. */
export function compileFilter(filter: Filter, schema: FilterSchema): FilterPredicate {
  if ("operands" in filter) {
    const parts = filter.operands.map((f) => compileFilter(f, schema));
    if (filter.operator === "And") return (t) => parts.every((p) => p(t));
    if (filter.operator === "Or") return (t) => parts.some((p) => p(t));
    if (parts.length !== 1) throw new Error("operator Not requires exactly one operand");
    return (t) => !parts[0](t);
  }
  return compileLeaf(filter.operator, filter.path, filter.value, schema);
}

function compileLeaf(
  operator: CompareOperator,
  path: readonly string[],
  value: FilterValue,
  schema: FilterSchema,
): FilterPredicate {
  const leaf = resolvePath(operator, path, schema);
  if (operator === "IsNull") {
    if (value.type !== "boolean" || typeof value.value !== "boolean") {
      throw new Error(`operator IsNull requires a single "valueBoolean"`);
    }
    const wanted = value.value;
    return (t) => isNull(leaf.read(t)) === wanted;
  }
  if (operator === "WithinGeoRange") {
    if (leaf.family !== "geo" || value.type !== "geoRange") {
      throw new Error(
        `operator WithinGeoRange requires a geoCoordinates property and "valueGeoRange" (path ${
          path.join(".")
        })`,
      );
    }
    const range = value.value;
    return (t) => {
      const v = leaf.read(t);
      return isGeoCoordinates(v) && haversineMetres(v, range) <= range.maxDistance;
    };
  }
  const values = checkValues(leaf, value, path);
  switch (operator) {
    case "Equal":
      return equalPredicate(leaf, values);
    case "NotEqual": {
      const eq = equalPredicate(leaf, values);
      return (t) => !eq(t);
    }
    case "Like":
      return likePredicate(leaf, values, path);
    case "ContainsAny":
    case "ContainsAll":
    case "ContainsNone":
      return containsPredicate(leaf, values);
    default:
      return rangePredicate(leaf, values[0], path);
  }
}

function resolvePath(
  operator: CompareOperator,
  path: readonly string[],
  schema: FilterSchema,
): Leaf {
  if (path.length !== 1) {
    throw new Error(`filter path [${path.join(", ")}]: cross-reference paths are not supported`);
  }
  const name = path[0];
  if (name === "id" || name === "_id") {
    return { operator, family: "id", tokenization: "field", typeName: "uuid", read: (t) => t.id };
  }
  if (name === "_creationTimeUnix") {
    return {
      operator,
      family: "timestamp",
      tokenization: "field",
      typeName: "timestamp",
      read: (t) => t.creationTimeUnix,
    };
  }
  if (name === "_lastUpdateTimeUnix") {
    return {
      operator,
      family: "timestamp",
      tokenization: "field",
      typeName: "timestamp",
      read: (t) => t.lastUpdateTimeUnix,
    };
  }
  const prop = schema.properties.find((p) => p.name === name);
  if (!prop) {
    throw new Error(
      `no such prop with name '${name}' found in class '${schema.className}' in the schema. ` +
        `Check your schema files for which properties in this class are available`,
    );
  }
  return {
    operator,
    family: familyOf(prop.dataType[0]),
    tokenization: prop.tokenization,
    typeName: prop.dataType[0],
    read: (t) => t.properties[name],
    stopwords: schema.stopwords ?? stopwordSet(),
  };
}

function familyOf(dataType: DataType): Family {
  const base = dataType.replace("[]", "");
  switch (base) {
    case "text":
      return "text";
    case "string":
    case "uuid":
    case "phoneNumber":
    case "blob":
      return "string";
    case "int":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    default:
      return "geo";
  }
}

const EXPECTED: Record<string, string> = {
  text: "valueText",
  string: "valueString",
  uuid: "valueText",
  int: "valueInt",
  number: "valueNumber",
  boolean: "valueBoolean",
  date: "valueDate",
  geoCoordinates: "valueGeoRange",
  timestamp: "valueText",
};

/** Checks the value type against the property and converts values to comparable atoms. */
function checkValues(leaf: Leaf, value: FilterValue, path: readonly string[]): Atom[] {
  const raw = value.type === "geoRange"
    ? []
    : Array.isArray(value.value)
    ? value.value
    : [value.value];
  const ok = (() => {
    switch (leaf.family) {
      case "text":
      case "string":
      case "id":
        return value.type === "text" || value.type === "string";
      case "number":
        return value.type === "int" || value.type === "number";
      case "boolean":
        return value.type === "boolean";
      case "date":
        return value.type === "date";
      case "timestamp":
        return value.type !== "geoRange" && value.type !== "boolean";
      case "geo":
        return false;
    }
  })();
  if (!ok) {
    const used = "value" + value.type[0].toUpperCase() + value.type.slice(1);
    throw new Error(
      `data type filter cannot use "${used}" on type "${leaf.typeName}", ` +
        `use "${EXPECTED[leaf.typeName.replace("[]", "")] ?? "valueText"}" instead`,
    );
  }
  return (raw as Atom[]).map((v) => {
    if (leaf.family === "date" || (leaf.family === "timestamp" && value.type === "date")) {
      return parseInstant(v, path);
    }
    if (leaf.family === "timestamp") {
      const n = Number(v);
      if (!Number.isFinite(n)) {
        throw new Error(
          `invalid timestamp ${JSON.stringify(v)} for ${path[0]}: expected ms since epoch`,
        );
      }
      return n;
    }
    if (leaf.family === "id") return String(v).toLowerCase();
    return v;
  });
}

function parseInstant(v: unknown, path: readonly string[]): number {
  const ms = typeof v === "string" ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) {
    throw new Error(
      `invalid date value ${JSON.stringify(v)} for ${path.join(".")}: expected RFC3339`,
    );
  }
  return ms;
}
