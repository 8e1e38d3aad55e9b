/**
 * Runs SciFact queries through the gateway app twice: bm25 top-100 alone, then the same with
 * `_additional { rerank }` (the page comes back sorted by rerank score), and scores both orders.
 * @module
 */
import { createApp } from "../src/http/app.ts";
import { mean, ndcgAtK, recallAtK, trecEvalOrder } from "./ir_metrics.ts";
import type { SciFact, SciFactServices } from "./scifact_data.ts";
import { type LatencySummary, summarize } from "./stats.ts";

/** Scores and timings of the rerank run. */
export interface RerankEval {
  readonly queries: number;
  readonly bm25Ndcg10: number;
  readonly rerankNdcg10: number;
  /** Recall@100 of the bm25 page: the ceiling of any reranker. */
  readonly recall100: number;
  readonly bm25Latency: LatencySummary;
  readonly rerankLatency: LatencySummary;
  readonly docsPerQuery: number;
  /** Responses with a full, well-formed result list. */
  readonly checked: number;
}

interface Item {
  readonly _additional: { id: string; score: string; rerank?: { score: number }[] };
}

function document(className: string, query: string, rerank: boolean, limit = 100): string {
  const q = JSON.stringify(query);
  const extra = rerank ? ` rerank(property: "content", query: ${q}) { score }` : "";
  return `{ Get { ${className}(bm25: {query: ${q}, properties: ["content"]} limit: ${limit}) ` +
    `{ _additional { id score${extra} } } } }`;
}

/** Options of {@link evaluateRerank}. */
export interface EvaluateRerankOptions {
  /** Stop starting new queries once this much time (ms) has passed; default unbounded. */
  readonly budgetMs?: number;
}

/**
 * Evaluates bm25 and bm25 + rerank over `data.queries` in order (one untimed warm-up each),
 * stopping early when the time budget is spent; `queries` says how many ran.
 */
export async function evaluateRerank(
  data: SciFact,
  built: SciFactServices,
  opts: EvaluateRerankOptions = {},
): Promise<RerankEval> {
  const app = createApp(built.services);
  const ask = async (query: string, rerank: boolean, limit?: number): Promise<Item[]> => {
    const res = await app.request("/v1/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: document(built.className, query, rerank, limit) }),
    });
    const json = await res.json();
    const items = json.data?.Get?.[built.className];
    if (json.errors || !Array.isArray(items)) {
      throw new Error(`rerank bench: ${JSON.stringify(json).slice(0, 400)}`);
    }
    return items;
  };
  const docId = (i: Item) => data.docIdOf.get(i._additional.id) ?? `?${i._additional.id}`;
  const first = data.queries[0].text;
  await ask(first, false);
  await ask(first, true, 2); // loads the model (two pairs: cheap)
  const bm25Ndcg: number[] = [], rerankNdcg: number[] = [], recall: number[] = [];
  const bm25Ms: number[] = [], rerankMs: number[] = [];
  let docs = 0, checked = 0;
  const started = performance.now();
  for (const q of data.queries) {
    if (bm25Ndcg.length > 0 && performance.now() - started > (opts.budgetMs ?? Infinity)) break;
    const judged = data.qrels.get(q.id) ?? new Map();
    let t0 = performance.now();
    const plain = await ask(q.text, false);
    bm25Ms.push(performance.now() - t0);
    const bm25Order = trecEvalOrder(
      plain.map((i) => ({ id: docId(i), score: Number(i._additional.score) })),
    );
    bm25Ndcg.push(ndcgAtK(bm25Order, judged, 10));
    recall.push(recallAtK(bm25Order, judged, 100));
    t0 = performance.now();
    const reranked = await ask(q.text, true);
    rerankMs.push(performance.now() - t0);
    docs += reranked.length;
    const scores = reranked.map((i) => i._additional.rerank?.[0]?.score);
    const sorted = scores.every((s, k) =>
      typeof s === "number" && (k === 0 || s <= scores[k - 1]!)
    );
    if (reranked.length === plain.length && sorted) checked++;
    // The gateway's order is the reranked order (ties keep the bm25 order, as Weaviate does).
    rerankNdcg.push(ndcgAtK(reranked.map(docId), judged, 10));
  }
  return {
    queries: bm25Ndcg.length,
    bm25Ndcg10: mean(bm25Ndcg),
    rerankNdcg10: mean(rerankNdcg),
    recall100: mean(recall),
    bm25Latency: summarize(bm25Ms),
    rerankLatency: summarize(rerankMs),
    docsPerQuery: docs / Math.max(1, bm25Ndcg.length),
    checked,
  };
}
