/**
 * Weaviate `where` ({@link Filter}) to a Qdrant filter (REST API v1.19): `And` -> `must`, `Or` ->
 * `should`, `Not` -> `must_not`; leaves to `match` / `range` / `is_empty` / `geo_radius` /
 * `has_id`. What Qdrant cannot express with Weaviate's semantics is refused with a clear error
 * before any call is made.
 * @module
 */
import type { PropertyConfig } from "../../config/types.ts";
import type { Filter, FilterValue } from "../../core/plan.ts";

/** A Qdrant `Filter` or condition (sent as JSON). */
export type QdrantCondition = Record<string, unknown>;

/** Leaf operators this mapping refuses (documented in the README). */
export const QDRANT_REFUSED_OPERATORS = ["Like"] as const;

const RANGE: Readonly<Record<string, string>> = {
  GreaterThan: "gt",
  GreaterThanEqual: "gte",
  LessThan: "lt",
  LessThanEqual: "lte",
};

/** Translates `filter`; `properties` decides text matching (keyword vs full-text). */
export function toQdrantFilter(
  filter: Filter,
  properties: readonly PropertyConfig[],
): QdrantCondition {
  const cond = condition(filter, properties);
  return "must" in cond || "should" in cond || "must_not" in cond ? cond : { must: [cond] };
}

function refuse(what: string): never {
  throw new Error(`qdrant store: ${what} cannot be translated to a Qdrant filter`);
}

function condition(f: Filter, props: readonly PropertyConfig[]): QdrantCondition {
  if ("operands" in f) {
    const parts = f.operands.map((o) => condition(o, props));
    if (f.operator === "And") return { must: parts };
    if (f.operator === "Or") return { should: parts };
    return { must_not: parts };
  }
  if (f.path.length !== 1) refuse(`where path [${f.path.join(", ")}]`);
  const key = f.path[0];
  if (key === "id" || key === "_id") return idCondition(f.operator, f.value);
  if (key.startsWith("_")) refuse(`where path ${key} (Qdrant stores no timestamps)`);
  const prop = props.find((p) => p.name === key);
  const fullText = prop !== undefined &&
    (prop.dataType[0] === "text" || prop.dataType[0] === "text[]") && prop.tokenization !== "field";
  const v = f.value;
  switch (f.operator) {
    case "Equal":
      return equal(key, v, fullText);
    case "NotEqual":
      return { must_not: [equal(key, v, fullText)] };
    case "GreaterThan":
    case "GreaterThanEqual":
    case "LessThan":
    case "LessThanEqual": {
      if (v.type === "boolean" || v.type === "geoRange" || Array.isArray(v.value)) {
        refuse(`${f.operator} on ${v.type}`);
      }
      if (v.type === "text" || v.type === "string") refuse(`${f.operator} on text`);
      return { key, range: { [RANGE[f.operator]]: v.value } };
    }
    case "IsNull":
      return v.value === true ? { is_empty: { key } } : { must_not: [{ is_empty: { key } }] };
    case "ContainsAny":
      return { key, match: { any: list(v) } };
    case "ContainsAll":
      return { must: list(v).map((x) => ({ key, match: { value: x } })) };
    case "ContainsNone":
      return { must_not: [{ key, match: { any: list(v) } }] };
    case "WithinGeoRange":
      if (v.type !== "geoRange") refuse("WithinGeoRange without valueGeoRange");
      return {
        key,
        geo_radius: {
          center: { lat: v.value.latitude, lon: v.value.longitude },
          radius: v.value.maxDistance,
        },
      };
    default:
      refuse(`operator ${f.operator}`);
  }
}

function equal(key: string, v: FilterValue, fullText: boolean): QdrantCondition {
  if (v.type === "geoRange" || Array.isArray(v.value)) refuse(`Equal on ${v.type} lists`);
  if (v.type === "number" || v.type === "date") {
    return { key, range: { gte: v.value, lte: v.value } };
  }
  // Weaviate's Equal on word-tokenized text matches tokens: Qdrant's full-text match does that.
  if (fullText) return { key, match: { text: v.value } };
  return { key, match: { value: v.value } };
}

function list(v: FilterValue): unknown[] {
  if (v.type === "geoRange") refuse("Contains* with valueGeoRange");
  if (v.type === "number" || v.type === "date") refuse(`Contains* on ${v.type}`);
  return Array.isArray(v.value) ? [...v.value] : [v.value];
}

function idCondition(op: string, v: FilterValue): QdrantCondition {
  const ids = v.type === "text" || v.type === "string" ? v.value : refuse(`id with ${v.type}`);
  const all = (Array.isArray(ids) ? ids : [ids]).map((s) => s.toLowerCase());
  if (op === "Equal" || op === "ContainsAny") return { has_id: all };
  if (op === "NotEqual" || op === "ContainsNone") return { must_not: [{ has_id: all }] };
  refuse(`operator ${op} on id`);
}
