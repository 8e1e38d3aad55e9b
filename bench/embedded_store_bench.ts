/**
 * Embedded store benchmark (not a test): index build time and heap for synthetic collections,
 * plus single-query latencies. Run with
 * `deno run --v8-flags=--expose-gc bench/embedded_store_bench.ts [sizes...]` (default 1000 10000);
 * `bench/main.ts` calls {@link runEmbeddedStoreBench}.
 * @module
 */
import type { CollectionConfig } from "../src/config/types.ts";
import type { QueryPlan, Search } from "../src/core/plan.ts";
import { buildBm25Index } from "../src/stores/embedded/bm25.ts";
import { loadObjects } from "../src/stores/embedded/load.ts";
import { createEmbeddedStore } from "../src/stores/embedded/store.ts";
import { createHashVectorizer } from "../src/vectorizers/hash.ts";
import { type BenchSection, printSection } from "./report.ts";

const gc = (globalThis as { gc?: () => void }).gc;
const signal = new AbortController().signal;

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = rng(42);
const vocab = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${"aeiou"[i % 5]}`);
// Zipf-like word choice so a few words are common, like real text.
const word = () => vocab[Math.floor(vocab.length * rand() ** 3)];
const words = (n: number) => Array.from({ length: n }, word).join(" ");

function records(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(JSON.stringify({
      title: words(8),
      body: words(60),
      tags: [word(), word()],
      year: 1990 + Math.floor(rand() * 35),
    }));
  }
  return out.join("\n");
}

const collection: CollectionConfig = {
  class: "Bench",
  properties: [
    {
      name: "title",
      dataType: ["text"],
      tokenization: "word",
      indexFilterable: true,
      indexSearchable: true,
    },
    {
      name: "body",
      dataType: ["text"],
      tokenization: "word",
      indexFilterable: true,
      indexSearchable: true,
    },
    {
      name: "tags",
      dataType: ["text[]"],
      tokenization: "word",
      indexFilterable: true,
      indexSearchable: true,
    },
    {
      name: "year",
      dataType: ["int"],
      tokenization: "word",
      indexFilterable: true,
      indexSearchable: false,
    },
  ],
  vectorizer: "text2vec-hash",
  moduleConfig: {},
  vectorIndexConfig: { distance: "cosine" },
  store: { kind: "embedded", files: ["bench.jsonl"], idField: "id", vectorField: "vector" },
};

function heapMiB(): number {
  gc?.();
  return Deno.memoryUsage().heapUsed / 2 ** 20;
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

function plan(search: Search): QueryPlan {
  return {
    collection: "Bench",
    search,
    offset: 0,
    limit: 10,
    autocut: 0,
    properties: ["title"],
    additional: new Set(["id"]),
  };
}

/** The command that runs this module alone. */
export const EMBEDDED_STORE_COMMAND =
  "deno run --v8-flags=--expose-gc bench/embedded_store_bench.ts";

/** Options of {@link runEmbeddedStoreBench}. */
export interface EmbeddedStoreBenchOptions {
  /** Collection sizes; default 1000 and 10000. */
  readonly sizes?: readonly number[];
}

/** Builds a store per size and returns the build/heap/query table. */
export async function runEmbeddedStoreBench(
  opts: EmbeddedStoreBenchOptions = {},
): Promise<BenchSection> {
  const sizes = opts.sizes ?? [1000, 10000];
  const rows: string[][] = [];
  for (const n of sizes) {
    const text = records(n);
    const readText = () => Promise.resolve(text);
    const objects = await loadObjects({ collection, readText, signal });

    const before = heapMiB();
    const [bm25, bm25Ms] = await time(() => buildBm25Index(objects, collection));
    const bm25Heap = heapMiB() - before;
    void bm25;

    const beforeStore = heapMiB();
    const [store, storeMs] = await time(() =>
      createEmbeddedStore({ collection, vectorizer: createHashVectorizer(), readText, signal })
    );
    const storeHeap = heapMiB() - beforeStore;

    const q = async (search: Search) => {
      await store.retrieve(plan(search), { signal }); // warm-up
      const [, ms] = await time(async () => {
        for (let i = 0; i < 20; i++) await store.retrieve(plan(search), { signal });
      });
      return (ms / 20).toFixed(2);
    };
    const query = `${vocab[3]} ${vocab[40]} ${vocab[700]}`;
    rows.push([
      String(n),
      bm25Ms.toFixed(0),
      bm25Heap.toFixed(1),
      storeMs.toFixed(0),
      storeHeap.toFixed(1),
      await q({ kind: "bm25", query }),
      await q({ kind: "nearText", concepts: [query] }),
      await q({ kind: "hybrid", query, alpha: 0.75, fusionType: "relativeScoreFusion" }),
    ]);
  }

  const header = [
    "objects",
    "orama build ms",
    "orama heap MiB",
    "store build ms",
    "store heap MiB",
    "bm25 ms/q",
    "nearText ms/q",
    "hybrid ms/q",
  ];
  return {
    title: "Embedded store: index build, heap and single-query latency",
    standaloneCommand: EMBEDDED_STORE_COMMAND,
    intro: [
      "Calls the store directly (no GraphQL, no HTTP): `buildBm25Index` alone, then the whole " +
      "`createEmbeddedStore`, then the mean of 20 `retrieve` calls (limit 10) after one warm-up.",
    ],
    tables: [{ header, rows }],
    notes: [
      `synthetic: title 8 words, body 60 words, 2 tags, Zipf-like over 5000 words; text2vec-hash 256-d;` +
      ` heap = V8 heapUsed delta after gc (${gc ? "gc exposed" : "gc NOT exposed: noisy"}); ` +
      `store build = parse + hash-vectorize + Orama + vectors.`,
    ],
  };
}

if (import.meta.main) {
  const sizes = Deno.args.length ? Deno.args.map(Number) : undefined;
  printSection(await runEmbeddedStoreBench({ sizes }));
}
