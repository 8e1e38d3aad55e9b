/**
 * The fake Weaviate's side of the wire: a protojson `SearchRequest` back into a QueryPlan, and
 * candidates into a protojson `SearchReply` written the way Weaviate v1.38.3+ writes it (int64 as
 * strings, base64 LE vectors and number/int lists, zero values omitted behind `*Present` flags).
 * @module
 */
import type { Candidate } from "../../../src/core/candidate.ts";
import type { CollectionConfig } from "../../../src/config/types.ts";
import type {
  AdditionalField,
  Filter,
  FilterValue,
  Move,
  QueryPlan,
  Search,
} from "../../../src/core/plan.ts";
import {
  decodeFloat32,
  encodeFloat32,
  encodeFloat64,
  encodeInt64,
} from "../../../src/stores/weaviate/bytes.ts";

// deno-lint-ignore no-explicit-any
type J = Record<string, any>;

const OPS: Record<string, string> = {};
for (
  const op of [
    "And",
    "Or",
    "Not",
    "Equal",
    "NotEqual",
    "GreaterThan",
    "GreaterThanEqual",
    "LessThan",
    "LessThanEqual",
    "Like",
    "IsNull",
    "ContainsAny",
    "ContainsAll",
    "ContainsNone",
    "WithinGeoRange",
  ]
) OPS[`OPERATOR_${op.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`] = op;

/** Decodes a SearchRequest the way Weaviate's `parse_search_request.go` reads it. */
export function requestToPlan(req: J, c: CollectionConfig): QueryPlan {
  if (req.rerank) throw new Error("the gateway must never send rerank upstream");
  if (req.uses127Api !== true) throw new Error("uses127Api must be set");
  const m: J = req.metadata ?? {};
  const additional = new Set<AdditionalField>(["id"]);
  for (const k of ["vector", "distance", "certainty", "score", "explainScore"] as const) {
    if (m[k]) additional.add(k);
  }
  if (m.creationTimeUnix) additional.add("creationTimeUnix");
  if (m.lastUpdateTimeUnix) additional.add("lastUpdateTimeUnix");
  return {
    collection: c.class,
    search: search(req),
    ...(req.filters ? { filter: filter(req.filters, c) } : {}),
    offset: Number(req.offset ?? 0),
    limit: Number(req.limit ?? 10),
    autocut: Number(req.autocut ?? 0),
    ...(req.after ? { after: req.after } : {}),
    ...(req.sortBy
      ? {
        sort: req.sortBy.map((s: J) => ({
          path: s.path,
          order: s.ascending ? "asc" : "desc",
        })),
      }
      : {}),
    properties: req.properties?.nonRefProperties ?? [],
    additional,
  };
}

function vec(x: J): number[] {
  if (x.vectors?.length) return decodeFloat32(x.vectors[0].vectorBytes);
  if (x.vectorBytes) return decodeFloat32(x.vectorBytes);
  return x.vector;
}

const th = (x: J) => ({
  ...(x.certainty !== undefined ? { certainty: x.certainty } : {}),
  ...(x.distance !== undefined ? { distance: x.distance } : {}),
});

const move = (x: J | undefined): Move | undefined =>
  x && {
    force: x.force ?? 0,
    concepts: x.concepts ?? [],
    objects: (x.uuids ?? []).map((id: string) => ({ id })),
  };

function nearText(x: J) {
  return {
    concepts: x.query,
    ...th(x),
    ...(x.moveTo ? { moveTo: move(x.moveTo) } : {}),
    ...(x.moveAway ? { moveAwayFrom: move(x.moveAway) } : {}),
  };
}

const op = (x: J | undefined) =>
  x && {
    operator: x.operator === "OPERATOR_AND" ? "And" as const : "Or" as const,
    ...(x.minimumOrTokensMatch ? { minimumOrTokensMatch: x.minimumOrTokensMatch } : {}),
  };

function search(r: J): Search {
  if (r.nearVector) return { kind: "nearVector", vector: vec(r.nearVector), ...th(r.nearVector) };
  if (r.nearObject) return { kind: "nearObject", id: r.nearObject.id, ...th(r.nearObject) };
  if (r.nearText) return { kind: "nearText", ...nearText(r.nearText) };
  if (r.bm25Search) {
    const s = r.bm25Search;
    const o = op(s.searchOperator);
    return {
      kind: "bm25",
      query: s.query,
      ...(s.properties ? { properties: s.properties } : {}),
      ...(o ? { operator: o.operator, minimumOrTokensMatch: o.minimumOrTokensMatch } : {}),
    };
  }
  if (r.hybridSearch) {
    const h = r.hybridSearch;
    if (h.useAlphaParam !== true) throw new Error("alphaParam without useAlphaParam");
    return {
      kind: "hybrid",
      query: h.query,
      alpha: h.alphaParam ?? 0,
      fusionType: h.fusionType === "FUSION_TYPE_RANKED" ? "rankedFusion" : "relativeScoreFusion",
      ...(h.properties ? { properties: h.properties } : {}),
      ...(h.vectors ? { vector: vec(h) } : {}),
      ...(h.vectorDistance !== undefined ? { maxVectorDistance: h.vectorDistance } : {}),
      ...(h.nearText ? { nearText: nearText(h.nearText) } : {}),
      ...(h.nearVector ? { nearVector: { vector: vec(h.nearVector), ...th(h.nearVector) } } : {}),
    };
  }
  return { kind: "list" };
}

function filter(f: J, c: CollectionConfig): Filter {
  const operator = OPS[f.operator];
  if (!operator) throw new Error(`unknown operator ${f.operator}`);
  if (operator === "And" || operator === "Or" || operator === "Not") {
    return { operator, operands: f.filters.map((x: J) => filter(x, c)) } as Filter;
  }
  const prop: string = f.target.property;
  const path = prop === "_id" ? "id" : prop;
  const type = c.properties.find((p) => p.name === prop)?.dataType[0].replace("[]", "");
  return { operator, path: [path], value: value(f, type) } as Filter;
}

function value(f: J, type: string | undefined): FilterValue {
  const textType = type === "date" ? "date" : "text";
  if (f.valueText !== undefined) return { type: textType, value: f.valueText };
  if (f.valueTextArray) return { type: textType, value: f.valueTextArray.values };
  if (f.valueInt !== undefined) return { type: "int", value: Number(f.valueInt) };
  if (f.valueIntArray) return { type: "int", value: f.valueIntArray.values.map(Number) };
  if (f.valueNumber !== undefined) return { type: "number", value: f.valueNumber };
  if (f.valueNumberArray) return { type: "number", value: f.valueNumberArray.values };
  if (f.valueBoolean !== undefined) return { type: "boolean", value: f.valueBoolean };
  if (f.valueBooleanArray) return { type: "boolean", value: f.valueBooleanArray.values };
  if (f.valueGeo) {
    const g = f.valueGeo;
    return {
      type: "geoRange",
      value: { latitude: g.latitude, longitude: g.longitude, maxDistance: g.distance },
    };
  }
  // protojson omits zero values: `valueBoolean: false` / `valueInt: "0"` arrive as nothing.
  return type === "int" || type === "number"
    ? { type: type, value: 0 }
    : { type: "boolean", value: false };
}

/** Encodes candidates as a SearchReply, the way Weaviate's protojson encoder writes them. */
export function candidatesToReply(cands: readonly Candidate[], c: CollectionConfig): J {
  return { took: 0.001, results: cands.map((x) => result(x, c)) };
}

function result(x: Candidate, c: CollectionConfig): J {
  const fields: J = {};
  for (const [name, v] of Object.entries(x.properties)) {
    const type = c.properties.find((p) => p.name === name)?.dataType[0] ?? "text";
    fields[name] = encodeValue(v, type);
  }
  const meta: J = { id: x.id };
  const put = (k: string, v: number | string | undefined, zero: unknown) => {
    if (v === undefined) return;
    meta[`${k}Present`] = true;
    if (v !== zero) meta[k] = v;
  };
  put("distance", x.distance, 0);
  put("certainty", x.certainty, 0);
  put("score", x.score, 0);
  put("explainScore", x.explainScore, "");
  put("creationTimeUnix", x.creationTimeUnix?.toString(), "0");
  put("lastUpdateTimeUnix", x.lastUpdateTimeUnix?.toString(), "0");
  if (x.vector) meta.vectorBytes = encodeFloat32(x.vector);
  return {
    properties: { nonRefProps: { fields }, targetCollection: c.class },
    metadata: meta,
  };
}

function encodeValue(v: unknown, type: string): J {
  if (Array.isArray(v)) {
    switch (type) {
      case "int[]":
        return { listValue: { intValues: { values: encodeInt64(v) } } };
      case "number[]":
        return { listValue: { numberValues: { values: encodeFloat64(v) } } };
      case "boolean[]":
        return { listValue: { boolValues: { values: v } } };
      case "date[]":
        return { listValue: { dateValues: { values: v } } };
      case "uuid[]":
        return { listValue: { uuidValues: { values: v } } };
      default:
        return { listValue: { textValues: { values: v } } };
    }
  }
  switch (type) {
    case "int":
      return { intValue: String(v) };
    case "number":
      return { numberValue: v };
    case "boolean":
      return { boolValue: v };
    case "date":
      return { dateValue: v };
    case "uuid":
      return { uuidValue: v };
    case "geoCoordinates": {
      const g = v as { latitude: number; longitude: number };
      return {
        geoValue: {
          ...(g.latitude ? { latitude: g.latitude } : {}),
          ...(g.longitude ? { longitude: g.longitude } : {}),
        },
      };
    }
    default:
      return { textValue: v };
  }
}
