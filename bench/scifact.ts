/**
 * Retrieval quality of the embedded store on BEIR SciFact (test split, 300 queries): nDCG@10 and
 * Recall@100 of bm25 through the GraphQL app and through the Retriever, for a multifield
 * (`title`, `text`) and a flat (`content` = title + text) collection, against the published BM25
 * figures; index build time and heap; and a gap analysis (analyzer, k1/b). Not a test. Run alone:
 * `deno run --lock=deno.full.lock --allow-env=NODE_ENV --allow-read=../shared/data --v8-flags=--expose-gc
 * bench/scifact.ts`.
 * @module
 */
import { type BenchSection, type BenchTable, printSection } from "./report.ts";
import { type AblationRow, sciFactAblation } from "./scifact_ablation.ts";
import {
  buildSciFactServices,
  loadSciFact,
  SCIFACT_DIR,
  type SciFactAnalyzer,
  type SciFactLayout,
} from "./scifact_data.ts";
import { evaluateSciFact, type SciFactEval } from "./scifact_eval.ts";
import { ms } from "./stats.ts";

/** The command that runs this module alone. */
export const SCIFACT_COMMAND =
  "deno run --lock=deno.full.lock --allow-env=NODE_ENV --allow-read=../shared/data --v8-flags=--expose-gc " +
  "bench/scifact.ts";

/** Published BM25 figures on this split (SOURCE.txt next to the data). */
export const PUBLISHED = {
  multifield: { ndcg10: 0.665, recall100: undefined },
  flat: { ndcg10: 0.6789, recall100: 0.9253 },
} as const;

/** Options of {@link runSciFactBench}. */
export interface SciFactBenchOptions {
  readonly dir?: string;
  /** Skip the English-analyzer collections and the ablation (faster). */
  readonly quick?: boolean;
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMiB = () => {
  gc?.();
  return Deno.memoryUsage().heapUsed / 2 ** 20;
};
const f3 = (x: number) => x.toFixed(3);
const f4 = (x: number) => x.toFixed(4);
const pct = (a: number, b: number | undefined) => b ? `${(100 * a / b).toFixed(1)}%` : "n/a";

interface Variant {
  readonly layout: SciFactLayout;
  readonly analyzer: SciFactAnalyzer;
  readonly result: SciFactEval;
  readonly buildMs: number;
  readonly heapMiB: number;
  readonly className: string;
}

/** A section saying why SciFact was skipped. */
function skipped(reason: string): BenchSection {
  return {
    title: "Retrieval quality: embedded store bm25 on BEIR SciFact",
    standaloneCommand: SCIFACT_COMMAND,
    intro: [
      `**Skipped:** ${reason}. The SciFact data lives in \`${SCIFACT_DIR}\` (a sibling ` +
      "checkout of the shared data); the rest of the benchmarks do not need it.",
    ],
    tables: [],
    notes: [],
  };
}

/** Runs the SciFact benchmark; returns a "skipped" section when the data is absent. */
export async function runSciFactBench(opts: SciFactBenchOptions = {}): Promise<BenchSection> {
  const loaded = await loadSciFact(opts.dir);
  if (!loaded.ok) {
    console.error(`bench: SciFact skipped: ${loaded.reason}`);
    return skipped(loaded.reason);
  }
  const data = loaded.data;
  const variants: Variant[] = [];
  const analyzers: SciFactAnalyzer[] = opts.quick ? ["word"] : ["word", "english"];
  for (const analyzer of analyzers) {
    for (const layout of ["multifield", "flat"] as const) {
      const before = heapMiB();
      const t0 = performance.now();
      const built = await buildSciFactServices({ data, layout, analyzer });
      const buildMs = performance.now() - t0;
      const heap = heapMiB() - before;
      const result = await evaluateSciFact(data, built);
      variants.push({ layout, analyzer, result, buildMs, heapMiB: heap, ...built });
    }
  }
  const ablation = opts.quick ? [] : sciFactAblation(data);
  const docs = data.corpus.length;
  return {
    title: "Retrieval quality: embedded store bm25 on BEIR SciFact",
    standaloneCommand: SCIFACT_COMMAND,
    intro: [
      `Data: BEIR SciFact test split from \`${SCIFACT_DIR}\`: ${docs} documents, ` +
      `${data.queries.length} queries, ${
        [...data.qrels.values()].reduce((s, m) => s + m.size, 0)
      } judgements. Each collection is built from a raw config JSON through \`parseConfig\` and ` +
      "`buildServices` (embedded store, `vectorizer: none`, Weaviate `word` tokenization, " +
      "k1 1.2 / b 0.75): *multifield* has `title` and `text` properties (bm25 sums the " +
      "per-property scores, like Anserini's multifield query), *flat* one `content` property " +
      "(title + space + text, Anserini's flat index). Records carry the deterministic UUID v5 of " +
      "`scifact/<doc id>` as `id` (mapped back to the BEIR id by the bench) and the BEIR id as a " +
      "non-searchable `docId`.",
      "Method: every query is sent to the gateway app in-process (`app.request`, " +
      "`bm25: {query, properties}` limit 100, `_additional { id score }`) and to the collection's " +
      "Retriever directly (same plan, no GraphQL); results are ordered as trec_eval orders them " +
      "(score, then doc id descending) and scored with `bench/ir_metrics.ts` (pytrec_eval's " +
      "nDCG@10 and Recall@100, unit-tested). Published figures: Anserini BM25 as quoted in " +
      "`SOURCE.txt` (multifield 0.665 = BEIR Table 2; flat 0.6789 and R@100 0.9253 = Anserini " +
      "regression); those use k1 0.9 / b 0.4 and Lucene's English analyzer (stop words + Porter " +
      "stemming).",
    ],
    tables: [qualityTable(variants), costTable(variants), ...ablationTables(ablation)],
    notes: gapNotes(variants, ablation),
    targets: variants.map((v) => {
      const p = PUBLISHED[v.layout], r = v.result.graphql;
      const recall = p.recall100 === undefined
        ? ""
        : `; R@100 ${f4(r.recall100)} vs ${p.recall100} = ${pct(r.recall100, p.recall100)}`;
      const which = v.analyzer === "word" ? "product, word tokenization" : "English pre-analysis";
      return `SciFact BM25 ${v.layout} (${which}): nDCG@10 ${f4(r.ndcg10)} vs published ` +
        `${p.ndcg10} = ${pct(r.ndcg10, p.ndcg10)}${recall}; index build ${
          (v.buildMs / 1000).toFixed(1)
        } s, ${v.heapMiB.toFixed(0)} MiB heap for ${docs} documents`;
    }),
  };
}

function qualityTable(variants: readonly Variant[]): BenchTable {
  return {
    title: "nDCG@10 and Recall@100 over the 300 test queries (GraphQL path), vs published BM25",
    header: [
      "collection",
      "analyzer",
      "nDCG@10",
      "published",
      "ratio",
      "R@100",
      "published R@100",
      "ratio R@100",
    ],
    leftColumns: [0, 1],
    rows: variants.map((v) => {
      const p = PUBLISHED[v.layout];
      const r = v.result.graphql;
      return [
        v.layout,
        v.analyzer === "word" ? "word (product)" : "english (pre-analysed, not a product option)",
        f4(r.ndcg10),
        String(p.ndcg10),
        pct(r.ndcg10, p.ndcg10),
        f4(r.recall100),
        p.recall100 === undefined ? "n/a" : String(p.recall100),
        pct(r.recall100, p.recall100),
      ];
    }),
  };
}

function costTable(variants: readonly Variant[]): BenchTable {
  return {
    title: "Index build, heap, per-query latency (ms): GraphQL app vs Retriever",
    header: [
      "collection",
      "analyzer",
      "build ms",
      "heap MiB",
      "GraphQL p50",
      "p99",
      "Retriever p50",
      "p99",
      "GraphQL − Retriever (median of per-query differences)",
      "same ranking",
      "Retriever nDCG@10",
    ],
    leftColumns: [0, 1],
    rows: variants.map((v) => [
      v.layout,
      v.analyzer,
      v.buildMs.toFixed(0),
      v.heapMiB.toFixed(1),
      ms(v.result.graphql.latency.p50),
      ms(v.result.graphql.latency.p99),
      ms(v.result.retriever.latency.p50),
      ms(v.result.retriever.latency.p99),
      ms(v.result.overheadP50),
      `${v.result.identical}/300`,
      f4(v.result.retriever.ndcg10),
    ]),
  };
}

function ablationTables(rows: readonly AblationRow[]): BenchTable[] {
  if (rows.length === 0) return [];
  return [{
    title: "Gap analysis: reference BM25 (bench/bm25_reference.ts), one factor at a time",
    header: ["collection", "analyzer", "k1 / b", "nDCG@10", "vs published", "R@100"],
    leftColumns: [0, 1, 2],
    rows: rows.map((r) => [
      r.layout,
      r.analyzer,
      `${r.params.k1} / ${r.params.b}`,
      f4(r.ndcg10),
      pct(r.ndcg10, PUBLISHED[r.layout].ndcg10),
      f4(r.recall100),
    ]),
  }];
}

function gapNotes(variants: readonly Variant[], ablation: readonly AblationRow[]): string[] {
  const notes: string[] = [];
  const product = variants.filter((v) => v.analyzer === "word");
  notes.push(
    "Product numbers (word tokenization, no stemming): " +
      product.map((v) =>
        `${v.layout} nDCG@10 ${f3(v.result.graphql.ndcg10)} = ${
          pct(v.result.graphql.ndcg10, PUBLISHED[v.layout].ndcg10)
        } of the published ${PUBLISHED[v.layout].ndcg10}`
      ).join("; ") + ". GraphQL and Retriever rank identically (table 2), so the gateway " +
      "adds no quality loss; the GraphQL − Retriever column is the per-query cost of " +
      "parse/validate (uncached: every query string differs), execute and JSON for 100 hits " +
      "(both paths run back to back per query, alternating order). Without stop words, common " +
      "query words (the, of, in) hit most of the corpus: that is why the word-tokenized " +
      "collections answer 3–4× slower than the pre-analysed ones.",
  );
  const cell = (layout: SciFactLayout, analyzer: SciFactAnalyzer, k1: number) =>
    ablation.find((r) => r.layout === layout && r.analyzer === analyzer && r.params.k1 === k1);
  const fw = cell("flat", "word", 1.2), fe = cell("flat", "english", 1.2);
  const fa = cell("flat", "english", 0.9), mw = cell("multifield", "word", 1.2);
  const me = cell("multifield", "english", 1.2);
  if (fw && fe && fa && mw && me) {
    notes.push(
      "What explains the gap: the analyzer. Stop words + Porter stemming alone move the " +
        `reference scorer from ${f3(mw.ndcg10)} to ${f3(me.ndcg10)} (multifield) and from ` +
        `${f3(fw.ndcg10)} to ${f3(fe.ndcg10)} (flat); switching k1/b to Anserini's 0.9/0.4 ` +
        `changes little (flat english ${f3(fa.ndcg10)}). With the English analyzer the ` +
        "numbers land within about 1% of the published ones; the rest is Lucene details " +
        "(StandardTokenizer rules, lossy norm encoding). The reference scorer with word / " +
        "1.2 / 0.75 reproduces the store's own figures, which cross-checks both. The product " +
        "keeps Weaviate's behaviour (no stemming, no stop words) on purpose; scientific text " +
        "with many inflected forms (mutation/mutations, cells/cell) is where that costs most.",
    );
  }
  return notes;
}

if (import.meta.main) {
  printSection(await runSciFactBench({ quick: Deno.args.includes("--quick") }));
}
