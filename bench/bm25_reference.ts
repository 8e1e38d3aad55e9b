/**
 * A small reference BM25 (Lucene formula, per-field scores summed as Anserini's multifield query
 * does) used only to explain the SciFact gap: it lets the benchmark vary the analyzer and k1/b
 * independently of the product store. With `word` analysis and k1 1.2 / b 0.75 it should agree
 * with the embedded store.
 * @module
 */

/** BM25 parameters. */
export interface Bm25Params {
  readonly k1: number;
  readonly b: number;
}

/** A reference index over documents made of token-array fields. */
export interface ReferenceBm25 {
  /** Top `limit` documents (index, score) for query tokens (repeated tokens count again). */
  search(tokens: readonly string[], limit: number): { index: number; score: number }[];
}

interface Field {
  readonly postings: Map<string, Map<number, number>>;
  readonly lengths: Float64Array;
  readonly avgLength: number;
}

/** Builds the index: `docs[i][f]` is the token list of field `f` of document `i`. */
export function buildReferenceBm25(
  docs: readonly (readonly (readonly string[])[])[],
  params: Bm25Params,
): ReferenceBm25 {
  const n = docs.length;
  const fieldCount = docs[0]?.length ?? 0;
  const fields: Field[] = [];
  for (let f = 0; f < fieldCount; f++) {
    const postings = new Map<string, Map<number, number>>();
    const lengths = new Float64Array(n);
    let total = 0;
    for (const [i, doc] of docs.entries()) {
      lengths[i] = doc[f].length;
      total += doc[f].length;
      for (const t of doc[f]) {
        let p = postings.get(t);
        if (!p) postings.set(t, p = new Map());
        p.set(i, (p.get(i) ?? 0) + 1);
      }
    }
    fields.push({ postings, lengths, avgLength: total / Math.max(1, n) });
  }
  const { k1, b } = params;
  return {
    search(tokens, limit) {
      const scores = new Map<number, number>();
      for (const field of fields) {
        for (const t of tokens) {
          const p = field.postings.get(t);
          if (!p) continue;
          const idf = Math.log(1 + (n - p.size + 0.5) / (p.size + 0.5));
          for (const [i, tf] of p) {
            const norm = k1 * (1 - b + b * field.lengths[i] / field.avgLength);
            scores.set(i, (scores.get(i) ?? 0) + idf * tf * (k1 + 1) / (tf + norm));
          }
        }
      }
      return [...scores].map(([index, score]) => ({ index, score }))
        .sort((x, y) => y.score - x.score || x.index - y.index)
        .slice(0, limit);
    },
  };
}
