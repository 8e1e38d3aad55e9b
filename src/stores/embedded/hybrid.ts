/**
 * Hybrid search of the embedded store (Weaviate's `hybrid`): a bm25 half and a vector half, both
 * over the filtered objects, fused with {@link rankedFusion} / {@link relativeScoreFusion}.
 *
 * - Keyword half (weight `1 - alpha`): only when `alpha < 1` and the query has text.
 * - Vector half (weight `alpha`): only when `alpha > 0`; the vector is `vector`, else the
 *   `nearVector` sub-search, else the vectorized `nearText` sub-search (moves applied), else the
 *   vectorized query. Without a vectorizer and without a vector the half is skipped (keyword
 *   only), as Weaviate does for classes with `vectorizer: none`. Sub-search certainty/distance
 *   thresholds apply.
 * - `maxVectorDistance` drops vector hits beyond it, and drops those objects from the keyword half
 *   too (Weaviate's "above cutoff" set).
 * - Each half keeps its best `max(offset + limit, 100)` hits before fusion (Weaviate's enforced
 *   minimum of 100 per sub-search); normalisation happens over that window. The indexes select
 *   that window with a bounded top-k (all hits when `maxVectorDistance` needs them).
 * - Then: window `offset + limit`, autocut on fused scores, drop `offset`.
 *
 * Explain lines use Weaviate's result-set names `keyword,bm25` and `vector,<source>`.
 * @module
 */
import type { HybridSearch, QueryPlan } from "../../core/plan.ts";
import { type FusionList, rankedFusion, relativeScoreFusion } from "../../search/fusion.ts";
import { paginate } from "../../search/paginate.ts";
import { candidateMask, type Hit, queryVectorContext, type StoreState } from "./context.ts";
import { applyThresholds } from "./near.ts";
import { type HybridVectorSource, hybridVectorSource } from "../../search/query_vector.ts";

const SUB_SEARCH_MINIMUM = 100;

/** Runs a hybrid plan over the filtered `candidates`. */
export async function hybridSearch(
  plan: QueryPlan,
  state: StoreState,
  candidates: readonly number[],
  signal: AbortSignal,
): Promise<Hit[]> {
  const search = plan.search as HybridSearch;
  const alpha = search.alpha;
  if (!(alpha >= 0 && alpha <= 1)) throw new Error("alpha should be between 0.0 and 1.0");
  const window = Math.max(plan.offset + plan.limit, SUB_SEARCH_MINIMUM);
  // Without a filter every object is a candidate and the keyword hits need no check.
  const filtered = candidates.length < state.objects.length;
  // maxVectorDistance drops keyword hits by their vector distance: both halves then keep all.
  const limit = search.maxVectorDistance === undefined ? window : undefined;
  const id = (index: number) => state.objects[index].id;
  const lists: FusionList[] = [];

  let keyword = alpha < 1 && search.query.trim() !== ""
    ? state.bm25.search({
      query: search.query,
      properties: search.properties,
      operator: search.operator,
      minimumOrTokensMatch: search.minimumOrTokensMatch,
      limit,
      allowed: filtered ? candidateMask(candidates, state.objects.length) : undefined,
    })
    : undefined;
  signal.throwIfAborted();

  if (alpha > 0) {
    const source = await vectorHalf(search, state, signal);
    if (source) {
      let hits = applyThresholds(
        state.vectors.search(source.vector, {
          candidates: filtered ? candidates : undefined,
          limit,
          signal,
        }),
        source.thresholds,
        state,
      );
      if (search.maxVectorDistance !== undefined) {
        const max = search.maxVectorDistance;
        const above = new Set(hits.filter((h) => h.distance > max).map((h) => h.index));
        hits = hits.filter((h) => h.distance <= max);
        if (keyword && above.size > 0) keyword = keyword.filter((h) => !above.has(h.index));
      }
      lists.push({
        name: `vector,${source.name}`,
        weight: alpha,
        kind: "distance",
        hits: hits.slice(0, window).map((h) => ({ id: id(h.index), value: h.distance })),
      });
    }
  }
  if (keyword) {
    lists.unshift({
      name: "keyword,bm25",
      weight: 1 - alpha,
      kind: "score",
      hits: keyword.slice(0, window).map((h) => ({
        id: id(h.index),
        value: h.score,
        explain: h.explainScore,
      })),
    });
  }
  signal.throwIfAborted();
  const fused = search.fusionType === "rankedFusion"
    ? rankedFusion(lists)
    : relativeScoreFusion(lists);
  return paginate(fused, (h) => h.score, plan).map((h) => ({
    index: state.byId.get(h.id)!,
    score: h.score,
    explainScore: h.explainScore,
  }));
}

async function vectorHalf(
  search: HybridSearch,
  state: StoreState,
  signal: AbortSignal,
): Promise<HybridVectorSource | undefined> {
  if (state.vectors.dimensions === 0) return undefined;
  return await hybridVectorSource(search, queryVectorContext(state, signal));
}
