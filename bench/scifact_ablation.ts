/**
 * The SciFact gap analysis: the reference BM25 ({@link buildReferenceBm25}) over the same corpus
 * with the analyzer (Weaviate `word` vs English stop words + Porter stemming) and the BM25
 * parameters (Weaviate's k1 1.2 / b 0.75 vs Anserini's BEIR setting k1 0.9 / b 0.4) varied one at
 * a time, for both layouts.
 * @module
 */
import { tokenize } from "../src/search/tokenize.ts";
import { type Bm25Params, buildReferenceBm25 } from "./bm25_reference.ts";
import { englishAnalyzer } from "./english_analyzer.ts";
import { mean, ndcgAtK, recallAtK, trecEvalOrder } from "./ir_metrics.ts";
import type { SciFact, SciFactAnalyzer, SciFactLayout } from "./scifact_data.ts";

/** One ablation cell. */
export interface AblationRow {
  readonly layout: SciFactLayout;
  readonly analyzer: SciFactAnalyzer;
  readonly params: Bm25Params;
  readonly ndcg10: number;
  readonly recall100: number;
}

/** Weaviate's (and the gateway's) BM25 parameters. */
export const WEAVIATE_PARAMS: Bm25Params = { k1: 1.2, b: 0.75 };
/** Anserini's BEIR regression parameters (the published figures). */
export const ANSERINI_PARAMS: Bm25Params = { k1: 0.9, b: 0.4 };

function tokens(text: string, analyzer: SciFactAnalyzer): string[] {
  return analyzer === "english" ? englishAnalyzer(text).split(" ").filter(Boolean) : tokenize(text);
}

/** Runs every combination of layout × analyzer × parameters. */
export function sciFactAblation(data: SciFact): AblationRow[] {
  const rows: AblationRow[] = [];
  for (const layout of ["multifield", "flat"] as const) {
    for (const analyzer of ["word", "english"] as const) {
      const docs = data.corpus.map((d) =>
        layout === "flat"
          ? [tokens(`${d.title} ${d.text}`, analyzer)]
          : [tokens(d.title, analyzer), tokens(d.text, analyzer)]
      );
      for (const params of [WEAVIATE_PARAMS, ANSERINI_PARAMS]) {
        const index = buildReferenceBm25(docs, params);
        const ndcg: number[] = [], recall: number[] = [];
        for (const q of data.queries) {
          const hits = index.search(tokens(q.text, analyzer), 100);
          const ranking = trecEvalOrder(
            hits.map((h) => ({ id: data.corpus[h.index].id, score: Math.fround(h.score) })),
          );
          const judged = data.qrels.get(q.id) ?? new Map();
          ndcg.push(ndcgAtK(ranking, judged, 10));
          recall.push(recallAtK(ranking, judged, 100));
        }
        rows.push({ layout, analyzer, params, ndcg10: mean(ndcg), recall100: mean(recall) });
      }
    }
  }
  return rows;
}
