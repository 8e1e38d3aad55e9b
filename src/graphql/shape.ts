/**
 * Turns pipeline results into the source objects graphql-js completes: property values in their
 * GraphQL form and the `_additional` map with only the populated values (Weaviate returns
 * `"_additional": null` when none is populated, and `null` for a selected-but-missing field).
 * @module
 */
import type { Candidate, Group } from "../core/candidate.ts";
import type { CollectionConfig } from "../config/types.ts";
import type { PageItem } from "../pipeline/pipeline.ts";
import type { QueryPlan } from "../core/plan.ts";
import { Float32Value } from "../core/go_format.ts";
import { ADDITIONAL_TABLE, distanceValue, vectorValue } from "./additional_table.ts";

type Source = Record<string, unknown>;

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

function additionalOf(plan: QueryPlan, candidate: Candidate, rerankScore?: number): Source | null {
  const out: Source = {};
  for (const name of plan.additional) {
    const value = ADDITIONAL_TABLE[name].value?.(candidate, plan);
    if (value !== undefined) out[name] = value;
  }
  if (rerankScore !== undefined) out.rerank = [{ score: rerankScore }];
  return Object.keys(out).length > 0 ? out : null;
}

function groupOf(c: CollectionConfig, g: Group): Source {
  return {
    id: g.id,
    groupedBy: { path: [...g.groupedBy.path], value: g.groupedBy.value },
    minDistance: distanceValue(g.minDistance),
    maxDistance: distanceValue(g.maxDistance),
    count: g.count,
    hits: g.hits.map((h) => ({
      ...properties(c, h),
      _additional: {
        id: h.id,
        vector: vectorValue(h.vector),
        distance: h.distance === undefined ? null : distanceValue(h.distance),
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
