/**
 * Weaviate `where` -> Vectorize metadata filter, at plan time. Vectorize filters top-level
 * metadata fields of type string, number and boolean with `$eq $ne $lt $lte $gt $gte $in $nin`,
 * ANDed; anything it cannot express is refused with a clear error instead of answered wrongly:
 *
 * - `And` of conditions; `Or` only of `Equal` / `ContainsAny` on one property (-> `$in`); `Not`
 *   only of `Equal`, `NotEqual`, `ContainsAny`, `ContainsNone` or such an `Or` (-> `$ne`, `$nin`).
 * - Refused: `Like`, `IsNull`, `ContainsAll`, `WithinGeoRange`, array / geo / phone / blob
 *   properties, `_creationTimeUnix` / `_lastUpdateTimeUnix`, and string values longer than the
 *   64 bytes Vectorize indexes.
 * - `id` is not metadata: `Equal` / `ContainsAny` on `id` at the top level restrict the search to
 *   those ids (the store fetches them with `getByIds` and ranks them itself).
 * - Text compares whole values (no tokenization), dates as strings (store RFC3339 UTC).
 * @module
 */
import type { PropertyConfig } from "../../config/types.ts";
import type { Filter, FilterValue } from "../../core/plan.ts";
import { compileFilter } from "../../search/filter.ts";
import { VECTORIZE_LIMITS, type VectorizeFilter, type VectorizeOps } from "./binding.ts";

type Scalar = string | number | boolean;
type Op = keyof VectorizeOps;

interface Cond {
  readonly key: string;
  readonly op: Op;
  readonly value: Scalar | Scalar[];
}

/** The translated filter: metadata conditions plus an optional id restriction. */
export interface VectorizePlanFilter {
  readonly filter?: VectorizeFilter;
  /** Only these ids (lower-cased) may match. */
  readonly ids?: readonly string[];
}

/** The schema the filter is checked against. */
export interface VectorizeFilterSchema {
  readonly className: string;
  readonly properties: readonly PropertyConfig[];
}

const OPS: Partial<Record<string, Op>> = {
  Equal: "$eq",
  NotEqual: "$ne",
  GreaterThan: "$gt",
  GreaterThanEqual: "$gte",
  LessThan: "$lt",
  LessThanEqual: "$lte",
  ContainsAny: "$in",
  ContainsNone: "$nin",
};
const NEGATE: Partial<Record<Op, Op>> = { $eq: "$ne", $ne: "$eq", $in: "$nin", $nin: "$in" };

/** Translates `filter`; throws a descriptive Error for what Vectorize cannot express. */
export function vectorizeFilter(
  filter: Filter,
  schema: VectorizeFilterSchema,
): VectorizePlanFilter {
  compileFilter(filter, schema);
  const conds: Cond[] = [];
  let ids: string[] | undefined;
  const top = filter.operator === "And" && "operands" in filter ? filter.operands : [filter];
  for (const f of top) {
    if (!("operands" in f) && (f.path[0] === "id" || f.path[0] === "_id")) {
      if (f.operator !== "Equal" && f.operator !== "ContainsAny") {
        throw refuse(`operator ${f.operator} on id (only Equal and ContainsAny, not nested)`);
      }
      const wanted = scalars(f.value).map((v) => String(v).toLowerCase());
      ids = ids ? ids.filter((i) => wanted.includes(i)) : wanted;
      continue;
    }
    conds.push(...translate(f, schema));
  }
  const out: VectorizeFilter = {};
  for (const c of conds) {
    const ops = (out[c.key] ??= {});
    if (ops[c.op] !== undefined) throw refuse(`two ${c.op} conditions on ${c.key}`);
    (ops as Record<string, unknown>)[c.op] = c.value;
  }
  return { ...(conds.length ? { filter: out } : {}), ...(ids ? { ids } : {}) };
}

function refuse(what: string): Error {
  return new Error(`the Vectorize store cannot filter with ${what}`);
}

function scalars(value: FilterValue): Scalar[] {
  if (value.type === "geoRange") return [];
  return (Array.isArray(value.value) ? value.value : [value.value]) as Scalar[];
}

function translate(f: Filter, schema: VectorizeFilterSchema): Cond[] {
  if ("operands" in f) {
    if (f.operator === "And") return f.operands.flatMap((o) => translate(o, schema));
    if (f.operator === "Or") return [orToIn(f.operands, schema)];
    const inner = translate(f.operands[0], schema);
    const op = inner.length === 1 ? NEGATE[inner[0].op] : undefined;
    if (!op) throw refuse("Not (only of Equal, NotEqual, ContainsAny, ContainsNone or Or)");
    return [{ ...inner[0], op }];
  }
  const name = f.path[0];
  if (name === "id" || name === "_id") throw refuse("id inside Or / Not / nested And");
  if (name.startsWith("_")) throw refuse(`${name} (Vectorize has no timestamps)`);
  const op = OPS[f.operator];
  if (!op) throw refuse(`operator ${f.operator}`);
  const prop = schema.properties.find((p) => p.name === name)!;
  const type = prop.dataType[0];
  if (type.endsWith("[]") || ["geoCoordinates", "phoneNumber", "blob"].includes(type)) {
    throw refuse(`${type} property ${name} (only string, number and boolean metadata)`);
  }
  const values = scalars(f.value);
  for (const v of values) {
    if (
      typeof v === "string" &&
      new TextEncoder().encode(v).length > VECTORIZE_LIMITS.stringIndexBytes
    ) {
      throw refuse(`a value longer than 64 bytes on ${name} (Vectorize indexes 64 bytes)`);
    }
  }
  return [{ key: name, op, value: op === "$in" || op === "$nin" ? values : values[0] }];
}

function orToIn(operands: readonly Filter[], schema: VectorizeFilterSchema): Cond {
  const parts = operands.flatMap((o) => translate(o, schema));
  const key = parts[0]?.key;
  if (!key || parts.some((p) => p.key !== key || (p.op !== "$eq" && p.op !== "$in"))) {
    throw refuse("Or (only of Equal / ContainsAny on one property)");
  }
  return { key, op: "$in", value: parts.flatMap((p) => p.value) };
}
