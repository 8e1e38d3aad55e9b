/**
 * Rerank quality on BEIR SciFact (not a test): bm25 top-100 from the embedded store (flat
 * collection) -> cross-encoder via `_additional { rerank(property: "content", query) }` through
 * the real GraphQL app -> nDCG@10 of the reranked order. Run alone:
 * `deno run --lock=deno.full.lock --allow-env --allow-read --v8-flags=--expose-gc bench/rerank_quality.ts
 * [--model <dir>] [--queries <n> | --all-queries]`. With real ms-marco-MiniLM-L-6-v2 weights BEIR
 * reports 0.688; with a synthetic (random-weight) model the score is meaningless.
 * @module
 */
import type { Reranker } from "../src/core/reranker.ts";
import { type BenchSection, printSection } from "./report.ts";
import { chooseReranker, dummyChoice, type RerankerChoice } from "./rerank_choice.ts";
import { buildSciFactServices, loadSciFact, type SciFact, SCIFACT_DIR } from "./scifact_data.ts";
import { evaluateRerank, type RerankEval } from "./rerank_eval.ts";

/** The command that runs this module alone. */
export const RERANK_QUALITY_COMMAND =
  "deno run --lock=deno.full.lock --allow-env --allow-read --v8-flags=--expose-gc bench/rerank_quality.ts " +
  "[--model <dir>] [--queries <n> | --all-queries]";

/** BEIR Table 2: BM25 top-100 reranked by ms-marco-MiniLM-L-6-v2. */
export const PUBLISHED_RERANK_NDCG10 = 0.688;

/** Options of {@link runRerankQualityBench}. */
export interface RerankQualityOptions {
  /** Model folder (HF layout); default the synthetic MiniLM-L6 in `models/`. */
  readonly model?: string;
  /** Queries to run (the first n in file order); default 20, `Infinity` for all 300. */
  readonly queries?: number;
  /**
   * Stop starting new queries after this many ms (default 120 s; `Infinity` with
   * `--all-queries`): a synthetic MiniLM-L6 in WASM takes tens of seconds per query here.
   */
  readonly budgetMs?: number;
  /** Injects a reranker instead of loading a model (plumbing checks). */
  readonly reranker?: Reranker;
  readonly dir?: string;
}

const TITLE = "Rerank quality: bm25 top-100 -> cross-encoder -> nDCG@10 on SciFact";

function section(intro: string[], tables: BenchSection["tables"], notes: string[]) {
  return { title: TITLE, standaloneCommand: RERANK_QUALITY_COMMAND, intro, tables, notes };
}

/** Runs the rerank pipeline over a subset (or all) of the SciFact test queries. */
export async function runRerankQualityBench(
  opts: RerankQualityOptions = {},
): Promise<BenchSection> {
  const loaded = await loadSciFact(opts.dir);
  if (!loaded.ok) {
    console.error(`bench: rerank quality skipped: ${loaded.reason}`);
    return section(
      [`**Skipped:** ${loaded.reason}; the SciFact data lives in \`${SCIFACT_DIR}\`.`],
      [],
      [],
    );
  }
  const budgetMs = opts.budgetMs ?? (opts.queries === Infinity ? Infinity : 120_000);
  let choice = await chooseReranker({ model: opts.model, reranker: opts.reranker });
  const data: SciFact = {
    ...loaded.data,
    queries: loaded.data.queries.slice(0, opts.queries ?? 20),
  };
  const run = async (c: RerankerChoice) =>
    evaluateRerank(
      data,
      await buildSciFactServices({ data, layout: "flat", reranker: c.reranker }),
      { budgetMs },
    );
  let result: RerankEval;
  try {
    result = await run(choice);
  } catch (err) {
    if (choice.name === "reranker-dummy") throw err;
    const message = (err as Error).message.slice(0, 300);
    console.error(`bench: cross-encoder failed, falling back to reranker-dummy: ${message}`);
    choice = dummyChoice(
      `${choice.name} could not run`,
      `The cross-encoder failed at its first rerank (\`${message}\`). Onnxruntime-web reads its ` +
        "wasm from the Deno npm cache: `deno task bench` allows reading " +
        "`$HOME/.cache/deno/npm/registry.npmjs.org/onnxruntime-web` only; with another " +
        `DENO_DIR run the standalone command (\`${RERANK_QUALITY_COMMAND}\`).`,
    );
    result = await run(choice);
  }
  const ran: SciFact = { ...data, queries: data.queries.slice(0, result.queries) };
  const out = section(intro(choice, ran), [table(choice, result)], notes(choice, result, ran));
  if (result.queries < data.queries.length) {
    out.notes.push(
      `Time budget: ${result.queries} of the ${data.queries.length} requested queries ran ` +
        `before the ${(budgetMs / 1000).toFixed(0)} s budget ran out ` +
        "(`--all-queries` lifts it).",
    );
  }
  const ratio = (100 * result.rerankNdcg10 / PUBLISHED_RERANK_NDCG10).toFixed(1);
  return {
    ...out,
    targets: [
      `SciFact BM25 top-100 -> ${choice.name} (${result.queries} queries): nDCG@10 ` +
      `${result.rerankNdcg10.toFixed(4)} vs BEIR ${PUBLISHED_RERANK_NDCG10} = ${ratio}%` +
      (choice.meaningful
        ? ""
        : " — **meaningless: not real weights**, only the plumbing and timings are real") +
      `; ${(result.rerankLatency.p50 / 1000).toFixed(2)} s p50 per query of ` +
      `${result.docsPerQuery.toFixed(0)} (query, title + abstract) pairs = ` +
      `${(result.rerankLatency.p50 / 6100).toFixed(1)}× BEIR's CPU anchor for MiniLM-L6 ` +
      "(6.1 s per 100 candidates; SciFact abstracts run to ~300 tokens, truncated at 512)",
    ],
  };
}

function intro(choice: RerankerChoice, data: SciFact): string[] {
  return [
    `Pipeline, through the real gateway app (\`app.request\`): \`bm25: {query}\` limit 100 on the ` +
    "flat SciFact collection (`content` = title + space + text, word tokenization), with " +
    '`_additional { id score rerank(property: "content", query: <the query>) { score } }`; the ' +
    "gateway reranks the page and sorts it by rerank score, and nDCG@10 is computed on that " +
    `order. Queries: the first ${data.queries.length} of 300 in file order ` +
    "(`--all-queries` for all; a MiniLM-L6 in WASM takes seconds per query). Reranker: " +
    `${choice.label}.`,
    choice.meaningful
      ? "The model is not marked synthetic: compare with BEIR's 0.688 (BM25 top-100 reranked by " +
        "ms-marco-MiniLM-L-6-v2; BEIR's first stage was Elasticsearch BM25, multifield)."
      : `**${choice.warning}**`,
  ];
}

function table(choice: RerankerChoice, r: RerankEval) {
  const f4 = (x: number) => x.toFixed(4);
  return {
    title: `nDCG@10 on ${r.queries} queries; ms per query`,
    header: [
      "reranker",
      "bm25 nDCG@10",
      "reranked nDCG@10",
      "BEIR MiniLM-L6",
      "ratio",
      "R@100 (ceiling)",
      "bm25 ms p50",
      "bm25 + rerank ms p50",
      "p99",
      "docs reranked / query",
    ],
    leftColumns: [0],
    rows: [[
      choice.meaningful ? choice.name : `${choice.name} (meaningless score)`,
      f4(r.bm25Ndcg10),
      f4(r.rerankNdcg10),
      String(PUBLISHED_RERANK_NDCG10),
      `${(100 * r.rerankNdcg10 / PUBLISHED_RERANK_NDCG10).toFixed(1)}%`,
      f4(r.recall100),
      r.bm25Latency.p50.toFixed(1),
      r.rerankLatency.p50.toFixed(1),
      r.rerankLatency.p99.toFixed(1),
      r.docsPerQuery.toFixed(1),
    ]],
  };
}

function notes(choice: RerankerChoice, r: RerankEval, data: SciFact): string[] {
  const out = [
    `Every query answered with the expected number of reranked results (${r.checked}/` +
    `${data.queries.length} checked); bm25 nDCG@10 is over the same query subset, so the two ` +
    "columns compare like with like (the subset's bm25 figure differs from the 300-query one).",
  ];
  if (!choice.meaningful) out.push(`**${choice.warning}**`);
  if (choice.note) out.push(choice.note);
  return out;
}

function argValue(name: string): string | undefined {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

if (import.meta.main) {
  const n = argValue("--queries");
  printSection(
    await runRerankQualityBench({
      model: argValue("--model"),
      queries: Deno.args.includes("--all-queries") ? Infinity : n ? Number(n) : undefined,
    }),
  );
}
