/**
 * Turns pipeline results into the source objects graphql-js completes: property values in their
 * GraphQL form and the `_additional` map with only the populated values (Weaviate returns
 * `"_additional": null` when none is populated, and `null` for a selected-but-missing field).
 * @module
 */
import type { Candidate, Group } from "../core/candidate.ts";
import type { CollectionConfig } from "../config/types.ts";
import type { PageItem } from "../pipeline/pipeline.ts";
import type { QueryPlan, SearchKind } from "../core/plan.ts";
import { Float32Value, formatFloat32Go } from "../core/go_format.ts";
import { QueryError } from "../errors/query_error.ts";

type Source = Record<string, unknown>;

function isVectorSearch(kind: SearchKind): boolean {
  return kind === "nearVector" || kind === "nearObject" || kind === "nearText";
}

function propertyValue(c: CollectionConfig, name: string, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const type = c.properties.find((p) => p.name === name)?.dataType[0];
  if (type === "geoCoordinates" && typeof value === "object") {
    const g = value as { latitude?: number; longitude?: number };
    return {
      latitude: g.latitude == null ? null : new Float32Value(g.latitude),
      longitude: g.longitude == null ? null : new Float32Value(g.longitude),
    };
  }
  return value;
}

function properties(c: CollectionConfig, candidate: Candidate): Source {
  const out: Source = {};
  for (const [k, v] of Object.entries(candidate.properties)) out[k] = propertyValue(c, k, v);
  return out;
}

/**
 * A distance as float32. Finite query vectors can still overflow it (l2-squared of 3e38 is 9e76);
 * Weaviate's JSON cannot carry the result, so the class fails instead of the whole response.
 */
function distanceOf(d: number): Float32Value {
  const f = new Float32Value(d);
  if (!Number.isFinite(f.value)) {
    throw new QueryError(
      `distance overflows float32 (${d}): the query vector's components are too large`,
    );
  }
  return f;
}

function vectorOf(v: readonly number[] | undefined): Float32Value[] | null {
  return v ? v.map((x) => new Float32Value(x)) : null;
}

function additionalOf(plan: QueryPlan, candidate: Candidate, rerankScore?: number): Source | null {
  const want = plan.additional;
  const out: Source = {};
  if (want.has("id")) out.id = candidate.id;
  if (want.has("vector") && candidate.vector) out.vector = vectorOf(candidate.vector);
  if (isVectorSearch(plan.search.kind)) {
    if (want.has("distance") && candidate.distance !== undefined) {
      out.distance = distanceOf(candidate.distance);
    }
    if (want.has("certainty") && candidate.certainty !== undefined) {
      out.certainty = candidate.certainty;
    }
  }
  if (want.has("score")) out.score = formatFloat32Go(candidate.score ?? 0);
  if (want.has("explainScore")) out.explainScore = candidate.explainScore ?? "";
  if (want.has("creationTimeUnix") && candidate.creationTimeUnix !== undefined) {
    out.creationTimeUnix = String(candidate.creationTimeUnix);
  }
  if (want.has("lastUpdateTimeUnix") && candidate.lastUpdateTimeUnix !== undefined) {
    out.lastUpdateTimeUnix = String(candidate.lastUpdateTimeUnix);
  }
  if (rerankScore !== undefined) out.rerank = [{ score: rerankScore }];
  return Object.keys(out).length > 0 ? out : null;
}

function groupOf(c: CollectionConfig, g: Group): Source {
  return {
    id: g.id,
    groupedBy: { path: [...g.groupedBy.path], value: g.groupedBy.value },
    minDistance: distanceOf(g.minDistance),
    maxDistance: distanceOf(g.maxDistance),
    count: g.count,
    hits: g.hits.map((h) => ({
      ...properties(c, h),
      _additional: {
        id: h.id,
        vector: vectorOf(h.vector),
        distance: h.distance === undefined ? null : distanceOf(h.distance),
      },
    })),
  };
}

/** Shapes one page item into the GraphQL source object of `Get { C }`. */
export function shapeItem(c: CollectionConfig, plan: QueryPlan, item: PageItem): Source {
  if (item.group) {
    // With groupBy the top-level result is only a wrapper around the group (spec §2.3).
    const add: Source = {};
    if (plan.additional.has("group")) add.group = groupOf(c, item.group);
    if (item.rerankScore !== undefined) add.rerank = [{ score: item.rerankScore }];
    return { _additional: Object.keys(add).length > 0 ? add : null };
  }
  const candidate = item.candidate!;
  return {
    ...properties(c, candidate),
    _additional: additionalOf(plan, candidate, item.rerankScore),
  };
}
