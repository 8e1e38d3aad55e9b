/**
 * Embedded store benchmark (not a test): build time, memory and limit-10 query p50 of the store
 * at 10k / 100k / 1M objects, the bm25 index against its contenders (the former Orama index and
 * MiniSearch 7) and the vector scan against the former one, with the issue-14 targets. Run with
 * `deno run --lock=deno.full.lock --allow-read --allow-env --v8-flags=--expose-gc bench/embedded_store_bench.ts
 * [--quick] [--no-million]`; `bench/main.ts` calls {@link runEmbeddedStoreBench}.
 * @module
 */
import process from "node:process";
import { normalize } from "../src/search/distance.ts";
import type { Vectorizer } from "../src/core/vectorizer.ts";
import { buildBm25Index } from "../src/stores/embedded/bm25.ts";
import { loadObjects, type StoredObject } from "../src/stores/embedded/load.ts";
import { createEmbeddedStore, type EmbeddedStore } from "../src/stores/embedded/store.ts";
import { buildVectorIndex } from "../src/stores/embedded/vector_index.ts";
import { createTopK } from "../src/stores/embedded/top_k.ts";
import { kernelMemoryBytes } from "../src/stores/embedded/dot_kernel.ts";
import { scanDot } from "../src/stores/embedded/vector_scan.ts";
import { createHashVectorizer } from "../src/vectorizers/hash.ts";
import {
  recordStream,
  STORE_COLLECTION,
  STORE_SEARCHES,
  storePlan,
} from "./embedded_store_data.ts";
import { formerVectorScan } from "./former_vector_scan.ts";
import { buildMiniSearchBm25 } from "./minisearch_bm25.ts";
import { buildOramaBm25Index } from "./orama_bm25.ts";
import { type BenchSection, type BenchTable, printSection } from "./report.ts";
import { SCALE_DIMENSIONS } from "./scaling_fixture.ts";
import { COMMON_QUERY, MIXED_QUERY } from "./scaling_queries.ts";
import { ms, percentile } from "./stats.ts";

const gc = (globalThis as { gc?: () => void }).gc;
const signal = new AbortController().signal;
const MiB = 2 ** 20;

/** The command that runs this module alone. */
export const EMBEDDED_STORE_COMMAND =
  "deno run --lock=deno.full.lock --allow-read --allow-env --v8-flags=--expose-gc " +
  "bench/embedded_store_bench.ts [--quick] [--no-million]";

/** Options of {@link runEmbeddedStoreBench}. */
export interface EmbeddedStoreBenchOptions {
  /** Sizes 1k / 10k, fewer iterations, no 1M row. */
  readonly quick?: boolean;
  /** Load 1M objects too (default: unless quick). */
  readonly million?: boolean;
}

/**
 * V8 heap plus typed-array (external) memory plus the scan kernels' WebAssembly memory (which V8
 * counts in neither) after gc, MiB. Three gc rounds with a timer turn
 * between them: a dropped store's ArrayBuffers are released after the gc that finds them dead,
 * so one synchronous gc right after the 1M step read its 2 GiB of vectors as still there.
 */
async function heapMiB(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const m = Deno.memoryUsage();
  return (m.heapUsed + m.external + kernelMemoryBytes()) / MiB;
}

/** Peak resident set of this process so far (`getrusage` maxRSS), MiB; undefined if unknown. */
function peakRssMiB(): number | undefined {
  try {
    return process.resourceUsage().maxRSS / 1024;
  } catch {
    return undefined;
  }
}

/** p50 ms of `iterations` runs after a gc and 5 warm-ups (a fresh index's heap settles first). */
async function p50(fn: () => unknown, iterations: number): Promise<number> {
  gc?.();
  for (let i = 0; i < 5; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return percentile(samples.sort((a, b) => a - b), 0.5);
}

function load(objects: number): Promise<StoredObject[]> {
  return loadObjects({
    collection: STORE_COLLECTION,
    readText: () => Promise.reject(new Error("streamed")),
    readStream: () => Promise.resolve(recordStream(objects)),
    signal,
  });
}

/** A vectorizer that adds the time spent inside it to `clock.ms`. */
function timed(inner: Vectorizer, clock: { ms: number }): Vectorizer {
  return {
    ...inner,
    async vectorize(texts, opts) {
      const t0 = performance.now();
      try {
        return await inner.vectorize(texts, opts);
      } finally {
        clock.ms += performance.now() - t0;
      }
    },
  };
}

interface StorePoint {
  readonly objects: number;
  readonly buildMs: number;
  readonly vectorizeMs: number;
  readonly heapMiB: number;
  /** Resident set right after the build (after gc), the store alive. */
  readonly rssMiB: number;
  readonly p50: Readonly<Record<string, number>>;
}

async function measureStore(objects: number, iterations: number): Promise<StorePoint> {
  const clock = { ms: 0 }, generator = { ms: 0 };
  const before = await heapMiB();
  const t0 = performance.now();
  let store: EmbeddedStore | undefined = await createEmbeddedStore({
    collection: STORE_COLLECTION,
    vectorizer: timed(createHashVectorizer({ dimensions: SCALE_DIMENSIONS }), clock),
    readText: () => Promise.reject(new Error("streamed")),
    readStream: () => Promise.resolve(recordStream(objects, generator)),
    signal,
  });
  // The bench's own record generator runs inside the load: not the store's time.
  const buildMs = performance.now() - t0 - generator.ms;
  const heap = await heapMiB() - before;
  const rss = Deno.memoryUsage().rss / MiB;
  const times: Record<string, number> = {};
  for (const [name, search] of Object.entries(STORE_SEARCHES)) {
    const s = store;
    times[name] = await p50(() => s.retrieve(storePlan(search), { signal }), iterations);
  }
  store = undefined;
  return { objects, buildMs, vectorizeMs: clock.ms, heapMiB: heap, rssMiB: rss, p50: times };
}

interface ContenderRow {
  readonly name: string;
  readonly buildMs: number;
  readonly heapMiB: number;
  readonly mixed: number;
  readonly common: number;
  readonly agreement: string;
}

/** bm25 index only: the typed-array index, the former Orama index and MiniSearch. */
async function contenders(objects: readonly StoredObject[], iterations: number) {
  const rows: ContenderRow[] = [];
  const c = STORE_COLLECTION;
  const top = (hs: { index: number; score: number }[]) => hs.map((h) => [h.index, h.score]);
  let before = await heapMiB(), t0 = performance.now();
  const ours = await buildBm25Index(objects, c);
  let buildMs = performance.now() - t0, heap = await heapMiB() - before;
  const search = (q: string) => ours.search({ query: q, limit: 10 });
  const reference = { mixed: top(search(MIXED_QUERY)), common: top(search(COMMON_QUERY)) };
  rows.push({
    name: "typed-array index (the store's)",
    buildMs,
    heapMiB: heap,
    mixed: await p50(() => search(MIXED_QUERY), iterations * 5),
    common: await p50(() => search(COMMON_QUERY), iterations * 5),
    agreement: "reference",
  });

  before = await heapMiB(), t0 = performance.now();
  let orama: Awaited<ReturnType<typeof buildOramaBm25Index>> | undefined =
    await buildOramaBm25Index(objects, c);
  buildMs = performance.now() - t0, heap = await heapMiB() - before;
  const o = orama;
  const oramaTop = (q: string) => o.search({ query: q, limit: 10 });
  const same = JSON.stringify(top(oramaTop(MIXED_QUERY))) === JSON.stringify(reference.mixed) &&
    JSON.stringify(top(oramaTop(COMMON_QUERY))) === JSON.stringify(reference.common);
  rows.push({
    name: "Orama 3.1 (the former index)",
    buildMs,
    heapMiB: heap,
    mixed: await p50(() => oramaTop(MIXED_QUERY), iterations),
    common: await p50(() => oramaTop(COMMON_QUERY), iterations),
    agreement: same ? "identical top 10 (ids and scores)" : "DIFFERENT top 10",
  });
  orama = undefined;

  before = await heapMiB(), t0 = performance.now();
  let mini: ReturnType<typeof buildMiniSearchBm25> | undefined = buildMiniSearchBm25(objects, c);
  buildMs = performance.now() - t0, heap = await heapMiB() - before;
  const m = mini;
  const overlap = (q: string, ref: (number | undefined)[][]) => {
    const ids = new Set(ref.map((r) => r[0]));
    return m.search(q, 10).filter((h) => ids.has(h.index)).length;
  };
  rows.push({
    name: "MiniSearch 7.2 (BM25 k1 1.2, b 0.75, d 0)",
    buildMs,
    heapMiB: heap,
    mixed: await p50(() => m.search(MIXED_QUERY, 10), iterations),
    common: await p50(() => m.search(COMMON_QUERY, 10), iterations),
    agreement: `top-10 overlap ${overlap(MIXED_QUERY, reference.mixed)}/10 mixed, ` +
      `${overlap(COMMON_QUERY, reference.common)}/10 common (its own field weighting)`,
  });
  mini = undefined;
  return rows;
}

/** The vector scan alone: position order + bounded top-k against the former id-order scan. */
async function vectorScan(objects: readonly StoredObject[], iterations: number) {
  const index = await buildVectorIndex(objects, {
    collection: STORE_COLLECTION,
    vectorizer: createHashVectorizer({ dimensions: SCALE_DIMENSIONS }),
    signal,
    onProgress: () => {},
  });
  const query = STORE_SEARCHES.nearVector.kind === "nearVector"
    ? STORE_SEARCHES.nearVector.vector
    : [];
  const dims = index.dimensions;
  const data = new Float32Array(objects.length * dims);
  for (let i = 0; i < objects.length; i++) data.set(index.vector(i)!, i * dims);
  const idOrder = objects.map((o) => o.index).sort((a, b) =>
    objects[a].id < objects[b].id ? -1 : objects[a].id > objects[b].id ? 1 : 0
  );
  const unit = normalize(query);
  // The memory-read floor: one float64 sum over the same bytes, four lanes, no multiply, no top-k.
  const readFloor = () => {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = 0; k + 3 < data.length; k += 4) {
      s0 += data[k];
      s1 += data[k + 1];
      s2 += data[k + 2];
      s3 += data[k + 3];
    }
    return s0 + s1 + s2 + s3;
  };
  const ours = () => index.search(query, { limit: 10 });
  const former = () => formerVectorScan(unit, { data, dimensions: dims, idOrder, limit: 10 });
  // The same position-order scan in JavaScript (what runs where WebAssembly cannot be compiled
  // from bytes, Workers), over the plain copy (text2vec-hash rows are unit: stored = normalised).
  const has = new Uint8Array(objects.length).fill(1);
  const plainJs = () => {
    const top = createTopK({ k: 10, capacity: objects.length, descending: false });
    const size = objects.length;
    scanDot({ query: unit, data, width: dims, has, size, metric: "cosine", top });
    const { indexes, values } = top.drain();
    return [...indexes].map((index, j) => ({ index, distance: values[j] }));
  };
  const same = JSON.stringify(ours()) === JSON.stringify(former());
  const sameJs = JSON.stringify(ours()) === JSON.stringify(plainJs());
  return {
    kernel: index.kernel,
    ours: await p50(ours, iterations),
    js: await p50(plainJs, iterations),
    sameJs,
    former: await p50(former, iterations),
    floor: await p50(readFloor, iterations),
    megabytes: data.byteLength / 1e6,
    same,
  };
}

const fmtS = (x: number) => (x / 1000).toFixed(2);

/** Runs the benchmark and returns its section. */
export async function runEmbeddedStoreBench(
  opts: EmbeddedStoreBenchOptions = {},
): Promise<BenchSection> {
  const quick = opts.quick ?? false;
  const million = opts.million ?? !quick;
  const sizes = quick ? [1000, 10_000] : [10_000, 100_000];
  const iterations = quick ? 10 : 30;
  // The 1M load runs first, so the process's peak resident set (a high-water mark) is that load's
  // own, not left over from the smaller steps and the contenders.
  let millionPoint: StorePoint | undefined, peak: number | undefined;
  if (million) {
    millionPoint = await measureStore(1_000_000, 10);
    peak = peakRssMiB();
  }

  const points: StorePoint[] = [];
  for (const n of sizes) points.push(await measureStore(n, iterations));

  const largest = sizes[sizes.length - 1];
  let objects: StoredObject[] | undefined = await load(largest);
  const rows = await contenders(objects, quick ? 5 : 10);
  const scan = await vectorScan(objects, iterations);
  objects = undefined;

  const searchNames = Object.keys(STORE_SEARCHES);
  const all = millionPoint ? [...points, millionPoint] : points;
  const storeTable: BenchTable = {
    title: "Store: createEmbeddedStore from a JSONL stream, then limit-10 retrieve p50 (ms)",
    header: [
      "objects",
      "build s",
      "of which text2vec-hash s",
      "memory MiB",
      ...searchNames.map((n) => `${n} p50`),
    ],
    rows: all.map((p) => [
      String(p.objects),
      fmtS(p.buildMs),
      fmtS(p.vectorizeMs),
      p.heapMiB.toFixed(0),
      ...searchNames.map((n) => ms(p.p50[n])),
    ]),
  };
  const contenderTable: BenchTable = {
    title: `bm25 index alone at ${largest} objects (title + content), limit 10, p50 ms`,
    header: ["index", "build s", "memory MiB", "mixed p50", "common p50", "agreement"],
    leftColumns: [0, 5],
    rows: rows.map((r) => [
      r.name,
      fmtS(r.buildMs),
      r.heapMiB.toFixed(0),
      ms(r.mixed),
      ms(r.common),
      r.agreement,
    ]),
  };
  const scanTable: BenchTable = {
    title: `Exact vector scan alone at ${largest} objects, ${SCALE_DIMENSIONS}-d cosine, limit 10`,
    header: ["scan", "p50 ms", "same top 10"],
    leftColumns: [0, 2],
    rows: [
      [
        `position order + bounded top-k (the store's: ${
          scan.kernel ? "WebAssembly SIMD128 kernel" : "NO kernel: JavaScript"
        })`,
        ms(scan.ours),
        "reference",
      ],
      [
        "the same scan in JavaScript (Workers, or no WebAssembly)",
        ms(scan.js),
        scan.sameJs ? "yes (bit-equal distances)" : "NO",
      ],
      ["id (UUID) order + full sort (the former scan)", ms(scan.former), scan.same ? "yes" : "NO"],
      [
        `one JavaScript summing pass over the same ${scan.megabytes.toFixed(0)} MB Float32Array`,
        ms(scan.floor),
        "-",
      ],
    ],
  };
  const mid = points.find((p) => p.objects === 10_000);
  const top = points.find((p) => p.objects === 100_000);
  const targets = top && mid ? storeTargets({ mid, top, million: millionPoint, peak }) : [];
  const notes = [
    `The exact scan: the store's is ${(scan.js / scan.ours).toFixed(2)}× faster than the same ` +
    "scan in JavaScript and " + `${(scan.ours / scan.floor).toFixed(2)}× one plain JavaScript ` +
    `summing pass over the same ${scan.megabytes.toFixed(0)} MB of float32 vectors. Its ` +
    "WebAssembly kernel (`src/stores/embedded/dot_kernel.wat`) keeps two rows in one f64x2, one " +
    "lane each, summed in element order with a separate multiply and add, so every distance is " +
    "bit-equal to the one-row JavaScript loop; per 4 elements of 2 rows it spends 4 shuffles, 4 " +
    "widenings, 4 multiplies and 4 adds (an instruction count, not a profile). float32 sums " +
    "or fused multiply-add (relaxed SIMD, not in every runtime) would be faster but change the " +
    "last bits of distances. At 10k the vectors fit in a server CPU's L3 cache, at 100k every " +
    "query streams them from memory.",
    "Corpus: the scaling section's objects (`title` 8 words, `content` 60 words, Zipf-like " +
    "over 5,000 tokens, seed 11), streamed as JSONL (1M objects never form one string; the " +
    "generator's own time is subtracted from *build*); " +
    `text2vec-hash ${SCALE_DIMENSIONS}-d vectors computed at load (its time is shown apart: ` +
    "the vectorizer is a provider, not the store). *mixed* = " +
    `\`${MIXED_QUERY}\` (frequent + rare tokens), *common* = \`${COMMON_QUERY}\` ` +
    "(the three most frequent tokens: they match nearly every object). hybrid = mixed text, " +
    "alpha 0.75, relativeScoreFusion (the query is hash-vectorized per call). memory = delta " +
    "of V8 heapUsed + external (typed arrays: postings) + the scan kernel's WebAssembly memory " +
    "(vectors) after gc " +
    `(${gc ? "gc exposed" : "gc NOT exposed: noisy"}).`,
    ...(millionPoint
      ? [
        `1M objects: build ${fmtS(millionPoint.buildMs)} s (text2vec-hash ` +
        `${fmtS(millionPoint.vectorizeMs)} s), resident set after load ${
          millionPoint.rssMiB.toFixed(0)
        } MiB, ` +
        `peak resident set ${peak?.toFixed(0) ?? "n/a"} MiB (getrusage maxRSS of the bench ` +
        "process right after the 1M step, which runs first: the load's own peak plus the " +
        "runtime's baseline).",
      ]
      : []),
    "Machine shared with other jobs: compare rows of one run, not across runs.",
  ];
  return {
    title: "Embedded store: index build, heap and single-query latency",
    standaloneCommand: EMBEDDED_STORE_COMMAND,
    intro: [
      "Calls the store directly (no GraphQL, no HTTP). The bm25 index is a typed-array " +
      "inverted index (`src/stores/embedded/bm25.ts`), vectors one Float32Array scanned in " +
      "position order into a bounded top-k; Orama (the former index, `bench/orama_bm25.ts`) " +
      "and MiniSearch are contenders here only. All single-threaded.",
    ],
    tables: [storeTable, contenderTable, scanTable],
    notes,
    targets,
  };
}

function storeTargets(o: {
  mid: StorePoint;
  top: StorePoint;
  million?: StorePoint;
  peak?: number;
}): string[] {
  const { mid, top } = o;
  const verdict = (x: number, bound: number) =>
    `${(x / bound).toFixed(2)}× the bound (${x <= bound ? "met" : "MISSED"})`;
  const bm25 = Math.max(top.p50["bm25 mixed"], top.p50["bm25 common"]);
  const growth = Object.keys(STORE_SEARCHES).map((k) => [k, top.p50[k] / mid.p50[k]] as const);
  const worst = Math.max(...growth.map(([, g]) => g));
  const out = [
    `Embedded store build at 100k objects: ${fmtS(top.buildMs)} s = ` +
    `${verdict(top.buildMs, 5000)} of 5 s (includes text2vec-hash ${
      fmtS(top.vectorizeMs)
    } s; store alone ${fmtS(top.buildMs - top.vectorizeMs)} s)`,
    `Embedded store bm25 p50 at 100k (worse of mixed / common terms): ${ms(bm25)} ms = ` +
    verdict(bm25, 5) + " of 5 ms",
    `Embedded store nearVector exact 384-d p50 at 100k: ${ms(top.p50.nearVector)} ms = ` +
    verdict(top.p50.nearVector, 30) + " of 30 ms",
    `Embedded store hybrid p50 at 100k: ${ms(top.p50.hybrid)} ms = ` +
    verdict(top.p50.hybrid, 35) + " of 35 ms",
    `Embedded store growth 10k -> 100k: ${
      growth.map(([k, g]) => `${k} ×${g.toFixed(1)}`).join(", ")
    }; worst ×${worst.toFixed(1)} = ${verdict(worst, 11)} of ×11`,
  ];
  if (o.million) {
    const peak = o.peak;
    out.push(
      `Embedded store 1M objects: loaded in ${fmtS(o.million.buildMs)} s (text2vec-hash ` +
        `${fmtS(o.million.vectorizeMs)} s); peak resident set ${
          peak === undefined ? "n/a" : `${peak.toFixed(0)} MiB = ${verdict(peak, 4096)}`
        } of 4 GiB; p50 bm25 mixed ${ms(o.million.p50["bm25 mixed"])} / common ${
          ms(o.million.p50["bm25 common"])
        } / nearVector ${ms(o.million.p50.nearVector)} / hybrid ${ms(o.million.p50.hybrid)} ms`,
    );
  }
  return out;
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  const million = Deno.args.includes("--no-million") ? false : undefined;
  printSection(await runEmbeddedStoreBench({ quick, million }));
}
