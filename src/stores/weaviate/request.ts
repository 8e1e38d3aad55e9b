/**
 * A {@link QueryPlan} as the protojson `SearchRequest` of `weaviate.v1.Weaviate/Search`
 * (search_get.proto, Weaviate v1.38.3+; upstreams.md §2.2-2.3). The gateway reranks and groups
 * itself, so `rerank` and `groupBy` are never sent: the request asks for the same `limit` the
 * embedded store would return and the pipeline groups those candidates.
 * @module
 */
import type { Move, QueryPlan, Search } from "../../core/plan.ts";
import { encodeFloat32 } from "./bytes.ts";
import { toGrpcFilters } from "./filters.ts";

/** The protojson `SearchRequest` (sent as JSON, so loosely typed). */
export type SearchRequest = Record<string, unknown>;

/** Options of {@link buildSearchRequest}. */
export interface BuildRequestOptions {
  /** Upstream collection name. */
  readonly collection: string;
}

/** Builds the request body for one plan. */
export function buildSearchRequest(plan: QueryPlan, opts: BuildRequestOptions): SearchRequest {
  const req: SearchRequest = {
    collection: opts.collection,
    uses127Api: true,
    // Always explicit: gRPC's default limit is 10, GraphQL's 100.
    limit: plan.limit,
    properties: { nonRefProperties: [...plan.properties] },
    metadata: metadataRequest(plan),
  };
  if (plan.offset > 0) req.offset = plan.offset;
  if (plan.autocut > 0) req.autocut = plan.autocut;
  if (plan.after !== undefined) req.after = plan.after;
  if (plan.filter) req.filters = toGrpcFilters(plan.filter);
  if (plan.sort?.length) {
    req.sortBy = plan.sort.map((s) => ({ path: [...s.path], ascending: s.order === "asc" }));
  }
  Object.assign(req, searchFields(plan.search));
  return req;
}

function metadataRequest(plan: QueryPlan): Record<string, boolean> {
  const a = plan.additional;
  const near = ["nearVector", "nearObject", "nearText"].includes(plan.search.kind);
  const keyword = plan.search.kind === "bm25" || plan.search.kind === "hybrid";
  return {
    uuid: true,
    ...(a.has("vector") ? { vector: true } : {}),
    // groupBy needs distances for minDistance / maxDistance.
    ...(near && (a.has("distance") || plan.groupBy) ? { distance: true } : {}),
    ...(near && a.has("certainty") ? { certainty: true } : {}),
    ...(keyword && a.has("score") ? { score: true } : {}),
    ...(keyword && a.has("explainScore") ? { explainScore: true } : {}),
    ...(a.has("creationTimeUnix") ? { creationTimeUnix: true } : {}),
    ...(a.has("lastUpdateTimeUnix") ? { lastUpdateTimeUnix: true } : {}),
  };
}

function thresholds(s: { certainty?: number; distance?: number }): Record<string, number> {
  return {
    ...(s.certainty !== undefined ? { certainty: s.certainty } : {}),
    ...(s.distance !== undefined ? { distance: s.distance } : {}),
  };
}

function vectors(v: readonly number[]): Record<string, unknown> {
  return { vectors: [{ vectorBytes: encodeFloat32(v), type: "VECTOR_TYPE_SINGLE_FP32" }] };
}

function move(m: Move): Record<string, unknown> {
  const uuids = m.objects.map((o) => o.id ?? o.beacon?.split("/").filter(Boolean).at(-1) ?? "");
  return {
    force: m.force,
    ...(m.concepts.length ? { concepts: [...m.concepts] } : {}),
    ...(uuids.length ? { uuids } : {}),
  };
}

function nearText(s: {
  concepts: readonly string[];
  certainty?: number;
  distance?: number;
  moveTo?: Move;
  moveAwayFrom?: Move;
}): Record<string, unknown> {
  return {
    query: [...s.concepts],
    ...thresholds(s),
    ...(s.moveTo ? { moveTo: move(s.moveTo) } : {}),
    ...(s.moveAwayFrom ? { moveAway: move(s.moveAwayFrom) } : {}),
  };
}

function operator(op: "And" | "Or" | undefined, min: number | undefined) {
  if (op === undefined) return undefined;
  return {
    operator: op === "And" ? "OPERATOR_AND" : "OPERATOR_OR",
    ...(min !== undefined ? { minimumOrTokensMatch: min } : {}),
  };
}

function searchFields(search: Search): Record<string, unknown> {
  switch (search.kind) {
    case "list":
      return {};
    case "nearVector":
      return { nearVector: { ...vectors(search.vector), ...thresholds(search) } };
    case "nearObject":
      return { nearObject: { id: search.id, ...thresholds(search) } };
    case "nearText":
      return { nearText: nearText(search) };
    case "bm25": {
      const op = operator(search.operator, search.minimumOrTokensMatch);
      return {
        bm25Search: {
          query: search.query,
          ...(search.properties ? { properties: [...search.properties] } : {}),
          ...(op ? { searchOperator: op } : {}),
        },
      };
    }
    case "hybrid": {
      const op = operator(search.operator, search.minimumOrTokensMatch);
      return {
        hybridSearch: {
          query: search.query,
          alphaParam: search.alpha,
          useAlphaParam: true,
          fusionType: search.fusionType === "rankedFusion"
            ? "FUSION_TYPE_RANKED"
            : "FUSION_TYPE_RELATIVE_SCORE",
          ...(search.properties ? { properties: [...search.properties] } : {}),
          ...(search.vector ? vectors(search.vector) : {}),
          ...(search.maxVectorDistance !== undefined
            ? { vectorDistance: search.maxVectorDistance }
            : {}),
          ...(op ? { bm25SearchOperator: op } : {}),
          ...(search.nearText ? { nearText: nearText(search.nearText) } : {}),
          ...(search.nearVector
            ? {
              nearVector: {
                ...vectors(search.nearVector.vector),
                ...thresholds(search.nearVector),
              },
            }
            : {}),
        },
      };
    }
  }
}
