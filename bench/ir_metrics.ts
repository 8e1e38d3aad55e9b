/**
 * Retrieval metrics as BEIR computes them with pytrec_eval (trec_eval): nDCG@k with graded
 * (linear) gains from the qrels, log2 discount and the ideal ranking built from the qrels, and
 * Recall@k over the documents judged relevant (relevance ≥ 1). Also trec_eval's ranking order
 * (score descending, ties by document id descending), so that tied scores are ranked as the
 * published figures rank them.
 * @module
 */

/** Relevance judgements of one query: document id -> graded relevance (0 = judged irrelevant). */
export type Judgements = ReadonlyMap<string, number>;

/** One retrieved document with its score. */
export interface ScoredDoc {
  readonly id: string;
  readonly score: number;
}

/**
 * Orders results as trec_eval does before evaluating: by score descending, ties by document id
 * descending (byte-wise string order). Returns the ids.
 */
export function trecEvalOrder(results: readonly ScoredDoc[]): string[] {
  return [...results]
    .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((r) => r.id);
}

/**
 * nDCG@k: `DCG = Σ_{i=1..k} gain(d_i) / log2(i + 1)` with gain = the qrels relevance (0 when not
 * judged), divided by the DCG of the ideal ranking (the qrels relevances sorted descending, cut
 * at k). 0 when the query has no relevant document. Duplicate ids count once (first position).
 */
export function ndcgAtK(ranking: readonly string[], qrels: Judgements, k: number): number {
  const ideal = [...qrels.values()].filter((g) => g > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  if (idcg === 0) return 0;
  let dcg = 0;
  for (const [i, id] of dedupe(ranking).slice(0, k).entries()) {
    const g = qrels.get(id) ?? 0;
    if (g > 0) dcg += g / Math.log2(i + 2);
  }
  return dcg / idcg;
}

/**
 * Recall@k: relevant documents (relevance ≥ 1) among the first k results, divided by all relevant
 * documents of the query. 0 when the query has none.
 */
export function recallAtK(ranking: readonly string[], qrels: Judgements, k: number): number {
  let relevant = 0;
  for (const g of qrels.values()) if (g > 0) relevant++;
  if (relevant === 0) return 0;
  let found = 0;
  for (const id of dedupe(ranking).slice(0, k)) if ((qrels.get(id) ?? 0) > 0) found++;
  return found / relevant;
}

/** Arithmetic mean (0 for no values), as BEIR averages per-query scores. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, x) => s + x, 0) / values.length;
}

function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
