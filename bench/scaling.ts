/**
 * Scaling curves (not a test): cost per `Get` request, in-process (`app.request`), as (1) the
 * result count grows 10 -> 100 -> 1000, (2) the document length grows 16 -> 512 tokens and (3)
 * the embedded store grows 1k -> 100k objects. Run alone:
 * `deno run --lock=deno.full.lock --allow-env=NODE_ENV --v8-flags=--expose-gc bench/scaling.ts [--quick]`.
 * @module
 */
import { type BenchChart, type BenchSection, type BenchTable, printSection } from "./report.ts";
import { corpusScaling } from "./scaling_corpus.ts";
import { buildScalingServices, measureRequests, type RequestCost } from "./scaling_fixture.ts";
import { COMMON_QUERY, scaleQuery } from "./scaling_queries.ts";
import { ms } from "./stats.ts";
import { lineChart } from "./svg_chart.ts";

/** The command that runs this module alone. */
export const SCALING_COMMAND =
  "deno run --lock=deno.full.lock --allow-env=NODE_ENV --v8-flags=--expose-gc bench/scaling.ts [--quick]";

/** Options of {@link runScalingBench}. */
export interface ScalingOptions {
  /** Fewer iterations and corpus sizes 1k/10k only. */
  readonly quick?: boolean;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const iterationsFor = (limit: number, quick: boolean) =>
  Math.max(quick ? 10 : 30, Math.min(quick ? 50 : 300, Math.round((quick ? 3000 : 20000) / limit)));

/** G11: own CPU ≤ 0.5 ms p50 and ≤ 2 ms p99 for 384-d nearVector with ≤ 100 results. */
function g11(search: string, limit: number, c: RequestCost): string {
  if (search !== "nearVector" || limit > 100) return "n/a (G11: nearVector ≤ 100 results)";
  const misses = [
    c.own.p50 > 0.5 ? `p50 ${ms(c.own.p50)} > 0.5` : "",
    c.own.p99 > 2 ? `p99 ${ms(c.own.p99)} > 2` : "",
  ].filter(Boolean);
  return misses.length ? `MISSED: ${misses.join(", ")}` : "met";
}

async function resultCount(quick: boolean) {
  const objects = 2000;
  const services = await buildScalingServices({ objects });
  const rows: string[][] = [];
  const costs = new Map<string, RequestCost>();
  const series = new Map<string, [number, number][]>();
  for (const search of ["nearVector", "bm25"] as const) {
    for (const limit of [10, 100, 1000]) {
      const c = await measureRequests({
        services,
        query: scaleQuery({ search, limit, rerank: true, text: COMMON_QUERY }),
        iterations: iterationsFor(limit, quick),
        warmup: quick ? 3 : 10,
      });
      costs.set(`${search} ${limit}`, c);
      rows.push([
        search,
        String(limit),
        String(c.results),
        ms(c.total.p50),
        ms(c.total.p99),
        ms(c.inside.p50),
        ms(c.own.p50),
        ms(c.own.p99),
        (c.own.p50 / c.results * 1000).toFixed(1),
        kib(c.bytes),
        g11(search, limit, c),
      ]);
      for (const [name, v] of [[`${search} total`, c.total.p50], [`${search} own`, c.own.p50]]) {
        const key = name as string;
        series.set(key, [...series.get(key) ?? [], [limit, v as number]]);
      }
    }
  }
  const table: BenchTable = {
    title: `(1) Result count: ${objects} objects, content 60 words, reranker-dummy on every result`,
    header: [
      "search",
      "limit",
      "results",
      "total p50",
      "total p99",
      "store+rerank p50",
      "own p50",
      "own p99",
      "own µs/result",
      "response KiB",
      "G11 (own)",
    ],
    leftColumns: [0, 10],
    rows,
  };
  const chart: BenchChart = {
    file: "scaling_result_count.svg",
    title: "p50 ms per request vs result count",
    svg: lineChart({
      title: "p50 ms per request vs result count (rerank-dummy)",
      xLabel: "results (limit)",
      yLabel: "ms per request (p50)",
      logX: true,
      logY: true,
      series: [...series].map(([name, points]) => ({ name, points })),
    }),
  };
  return { table, chart, targets: resultTargets(costs) };
}

function resultTargets(costs: ReadonlyMap<string, RequestCost>): string[] {
  const out: string[] = [];
  for (const limit of [10, 100]) {
    const c = costs.get(`nearVector ${limit}`)!;
    out.push(
      `G11 scaling, nearVector 384-d + rerank-dummy, ${limit} results (cached document): own ` +
        `p50 ${ms(c.own.p50)} ms = ${(c.own.p50 / 0.5).toFixed(2)}× the 0.5 ms bound, p99 ` +
        `${ms(c.own.p99)} ms = ${(c.own.p99 / 2).toFixed(2)}× the 2 ms bound (` +
        `${g11("nearVector", limit, c)})`,
    );
  }
  const big = costs.get("nearVector 1000")!, mid = costs.get("nearVector 100")!;
  out.push(
    `G15 (≤ 1,000 documents per request, default rerank window 100): 1,000 results + ` +
      `rerank-dummy cost ${ms(big.total.p50)} ms p50 (own ${ms(big.own.p50)} ms) = ` +
      `${(big.total.p50 / mid.total.p50).toFixed(1)}× the 100-result request; own ms vs the ` +
      `§5.4 budget (GraphQL + JSON ≤ 1–2 ms): ${(big.own.p50 / 2).toFixed(1)}× 2 ms at 1,000, ` +
      `${(mid.own.p50 / 2).toFixed(2)}× at 100`,
  );
  return out;
}

async function documentLength(quick: boolean) {
  const objects = 2000;
  const rows: string[][] = [];
  const points: [number, number][] = [], ownPoints: [number, number][] = [];
  for (const words of [16, 64, 256, 512]) {
    const t0 = performance.now();
    const services = await buildScalingServices({ objects, contentWords: words, seed: 5 });
    const buildMs = performance.now() - t0;
    const c = await measureRequests({
      services,
      query: scaleQuery({ search: "bm25", limit: 10 }),
      iterations: quick ? 30 : 200,
      warmup: quick ? 3 : 20,
    });
    rows.push([
      String(words),
      buildMs.toFixed(0),
      ms(c.total.p50),
      ms(c.total.p99),
      ms(c.inside.p50),
      ms(c.own.p50),
      kib(c.bytes),
    ]);
    points.push([words, c.total.p50]);
    ownPoints.push([words, c.own.p50]);
  }
  const table: BenchTable = {
    title: `(2) Document length: ${objects} objects, bm25 limit 10 returning title + content`,
    header: [
      "content tokens",
      "build ms",
      "total p50",
      "total p99",
      "store p50",
      "own p50",
      "response KiB",
    ],
    rows,
  };
  const chart: BenchChart = {
    file: "scaling_document_length.svg",
    title: "bm25 p50 ms per request vs document length",
    svg: lineChart({
      title: "bm25 limit 10: p50 ms per request vs document length",
      xLabel: "content tokens per object",
      yLabel: "ms per request (p50)",
      logX: true,
      series: [{ name: "total", points }, { name: "own (excl. store)", points: ownPoints }],
    }),
  };
  return { table, chart };
}

/** Runs the three scaling cases and returns their section. */
export async function runScalingBench(opts: ScalingOptions = {}): Promise<BenchSection> {
  const quick = opts.quick ?? false;
  const one = await resultCount(quick);
  const two = await documentLength(quick);
  const three = await corpusScaling({ quick });
  return {
    title: "Scaling curves: result count, document length, corpus size",
    standaloneCommand: SCALING_COMMAND,
    intro: [
      "Synthetic objects (fixed seeds): `title` 8 words and `content` n words drawn Zipf-like " +
      "from a 5,000-token vocabulary (one word = one `word` token), `text2vec-hash` 384-d " +
      "vectors computed at load, `reranker-dummy`; built through `buildServices`. Requests go " +
      "through the real app in-process (`app.request`, no sockets); the same body is repeated, " +
      "so the document cache hits (the gateway-overhead section covers unique vectors). " +
      "*store+rerank* is the time inside the store's `retrieve` and the reranker; *own* is the " +
      "rest (GraphQL, pipeline, JSON), the quantity G11 bounds. All times in ms.",
    ],
    tables: [one.table, two.table, ...three.tables],
    notes: three.notes,
    charts: [one.chart, two.chart, ...three.charts],
    targets: [...one.targets, ...three.targets],
  };
}

if (import.meta.main) {
  printSection(await runScalingBench({ quick: Deno.args.includes("--quick") }));
}
