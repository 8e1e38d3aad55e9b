/**
 * The near* search paths (nearVector, nearObject, nearText) of the embedded store: exact vector
 * search, certainty/distance thresholds, optional sort of the page window, autocut on distances.
 * @module
 */
import type { QueryPlan } from "../../core/plan.ts";
import { certaintyFromDistance } from "../../search/distance.ts";
import type { SortComparator } from "../../search/sort.ts";
import { paginate } from "../../search/paginate.ts";
import { type Hit, queryVectorContext, type StoreState } from "./context.ts";
import { nearTextVector, objectVector } from "../../search/query_vector.ts";
import type { VectorHit } from "./vector_index.ts";

/** Thresholds of a vector search (`certainty` only for cosine). */
export interface Thresholds {
  readonly certainty?: number;
  readonly distance?: number;
}

/** Applies certainty / distance thresholds; errors like Weaviate for invalid combinations. */
export function applyThresholds(hits: VectorHit[], t: Thresholds, state: StoreState): VectorHit[] {
  if (t.certainty !== undefined && t.distance !== undefined) {
    throw new Error("cannot provide distance and certainty");
  }
  if (t.certainty !== undefined) {
    const metric = state.vectors.metric;
    if (metric !== "cosine") {
      throw new Error(
        `can't compute and return certainty when vector index is configured with ${metric} distance`,
      );
    }
    const c = t.certainty;
    return hits.filter((h) => certaintyFromDistance(h.distance) >= c);
  }
  if (t.distance !== undefined) {
    const d = t.distance;
    return hits.filter((h) => h.distance <= d);
  }
  return hits;
}

/** The query vector of a near* plan. */
export async function nearQueryVector(
  plan: QueryPlan,
  state: StoreState,
  signal: AbortSignal,
): Promise<number[]> {
  const ctx = queryVectorContext(state, signal);
  switch (plan.search.kind) {
    case "nearVector":
      return [...plan.search.vector];
    case "nearObject":
      return await objectVector(plan.search.id, ctx);
    case "nearText":
      return await nearTextVector(plan.search, ctx);
    default:
      throw new Error(`not a near* search: ${plan.search.kind}`);
  }
}

/** Runs a near* plan over the filtered `candidates`. */
export async function nearSearch(
  plan: QueryPlan,
  state: StoreState,
  candidates: readonly number[],
  opts: { signal: AbortSignal; sort?: SortComparator },
): Promise<Hit[]> {
  const metric = state.vectors.metric;
  if (plan.additional.has("certainty") && metric !== "cosine") {
    throw new Error(
      `can't compute and return certainty when vector index is configured with ${metric} distance`,
    );
  }
  const search = plan.search as Thresholds;
  const query = await nearQueryVector(plan, state, opts.signal);
  opts.signal.throwIfAborted();
  // Thresholds keep a prefix of the ranked hits and sort / autocut see only the page window,
  // so the nearest `offset + limit` are all the search has to keep.
  const found = state.vectors.search(query, {
    candidates: candidates.length < state.objects.length ? candidates : undefined,
    limit: plan.offset + plan.limit,
    signal: opts.signal,
  });
  let hits = applyThresholds(found, search, state);
  opts.signal.throwIfAborted();
  if (opts.sort) {
    // Weaviate sorts the vector-search window (offset + limit nearest) by the sort spec.
    const sort = opts.sort;
    const window = hits.slice(0, plan.offset + plan.limit);
    hits = window.sort((a, b) => sort(state.objects[a.index], state.objects[b.index]));
  }
  return paginate(hits, (h) => h.distance, plan).map((h) => ({
    index: h.index,
    distance: h.distance,
    certainty: metric === "cosine" ? certaintyFromDistance(h.distance) : undefined,
  }));
}
