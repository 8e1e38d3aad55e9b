/**
 * Runs the SciFact test queries against one collection, through the GraphQL app
 * (`app.request`, `bm25` limit 100, `_additional { id score }`) and directly through the
 * collection's Retriever, and scores both with nDCG@10 and Recall@100.
 * @module
 */
import { createApp } from "../src/http/app.ts";
import type { QueryPlan } from "../src/core/plan.ts";
import { mean, ndcgAtK, recallAtK, type ScoredDoc, trecEvalOrder } from "./ir_metrics.ts";
import type { SciFact, SciFactServices } from "./scifact_data.ts";
import { type LatencySummary, summarize } from "./stats.ts";

/** Scores and per-query latencies of one way of querying. */
export interface PathResult {
  readonly ndcg10: number;
  readonly recall100: number;
  readonly latency: LatencySummary;
  /** Ranked BEIR doc ids per query id. */
  readonly rankings: ReadonlyMap<string, readonly string[]>;
}

/** Both ways of querying one collection. */
export interface SciFactEval {
  readonly graphql: PathResult;
  readonly retriever: PathResult;
  /** Queries whose GraphQL ranking equals the Retriever ranking. */
  readonly identical: number;
  /** Median over queries of (GraphQL ms − Retriever ms), measured back to back. */
  readonly overheadP50: number;
}

const LIMIT = 100;
const signal = new AbortController().signal;

/** The `Get` document of one query (query text escaped as a JSON string literal). */
export function bm25Document(className: string, query: string, properties: readonly string[]) {
  const props = properties.map((p) => JSON.stringify(p)).join(", ");
  return `{ Get { ${className}(bm25: {query: ${JSON.stringify(query)}, properties: [${props}]} ` +
    `limit: ${LIMIT}) { _additional { id score } } } }`;
}

function score(data: SciFact, rankings: Map<string, string[]>, samples: number[]): PathResult {
  const ndcg: number[] = [];
  const recall: number[] = [];
  for (const q of data.queries) {
    const judged = data.qrels.get(q.id) ?? new Map();
    const ranking = rankings.get(q.id) ?? [];
    ndcg.push(ndcgAtK(ranking, judged, 10));
    recall.push(recallAtK(ranking, judged, 100));
  }
  return {
    ndcg10: mean(ndcg),
    recall100: mean(recall),
    latency: summarize(samples),
    rankings,
  };
}

function toDocs(data: SciFact, hits: readonly { id: string; score: number }[]): ScoredDoc[] {
  return hits.map((h) => ({ id: data.docIdOf.get(h.id) ?? `?${h.id}`, score: h.score }));
}

/** Runs every query through GraphQL, then through the Retriever (one warm-up query each). */
export async function evaluateSciFact(data: SciFact, built: SciFactServices): Promise<SciFactEval> {
  const { services, className, properties, analyze } = built;
  const app = createApp(services);
  const viaGraphql = async (query: string): Promise<ScoredDoc[]> => {
    const res = await app.request("/v1/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: bm25Document(className, query, properties) }),
    });
    const json = await res.json();
    const items = json.data?.Get?.[className];
    if (!Array.isArray(items)) throw new Error(`SciFact: ${JSON.stringify(json).slice(0, 300)}`);
    return toDocs(
      data,
      items.map((o: { _additional: { id: string; score: string } }) => ({
        id: o._additional.id,
        score: Number(o._additional.score),
      })),
    );
  };
  const retriever = services.collections.get(className)!.retriever;
  const viaRetriever = async (query: string): Promise<ScoredDoc[]> => {
    const plan: QueryPlan = {
      collection: className,
      search: { kind: "bm25", query, properties },
      offset: 0,
      limit: LIMIT,
      autocut: 0,
      properties: [],
      additional: new Set(["id", "score"]),
    };
    const hits = await retriever.retrieve(plan, { signal });
    return toDocs(data, hits.map((h) => ({ id: h.id, score: h.score ?? 0 })));
  };

  // Interleaved per query (alternating which path goes first), so both paths see the same
  // machine load; the overhead is the median of the per-query differences.
  const paths = [viaGraphql, viaRetriever];
  const rankings = paths.map(() => new Map<string, string[]>());
  const samples = paths.map(() => [] as number[]);
  for (const search of paths) await search(analyze(data.queries[0].text)); // warm-up
  for (const [n, q] of data.queries.entries()) {
    const text = analyze(q.text);
    for (const k of n % 2 === 0 ? [0, 1] : [1, 0]) {
      const t0 = performance.now();
      const docs = await paths[k](text);
      samples[k].push(performance.now() - t0);
      rankings[k].set(q.id, trecEvalOrder(docs));
    }
  }
  const graphql = score(data, rankings[0], samples[0]);
  const direct = score(data, rankings[1], samples[1]);
  const overheadP50 = summarize(samples[0].map((g, i) => g - samples[1][i])).p50;
  let identical = 0;
  for (const q of data.queries) {
    const a = graphql.rankings.get(q.id)!, b = direct.rankings.get(q.id)!;
    if (a.length === b.length && a.every((id, i) => id === b[i])) identical++;
  }
  return { graphql, retriever: direct, identical, overheadP50 };
}
