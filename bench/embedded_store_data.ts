/**
 * Data of the embedded-store benchmark: the scaling corpus (`title` 8 words, `content` 60 words,
 * Zipf-like over the 5,000-token vocabulary, fixed seed; `text2vec-hash` 384-d at load) as a
 * lazily generated JSONL byte stream, so 1M objects never exist as one string; the collection;
 * and the limit-10 plans the benchmark times.
 * @module
 */
import type { CollectionConfig } from "../src/config/types.ts";
import type { QueryPlan, Search } from "../src/core/plan.ts";
import { randomVector, rng, VOCAB } from "./gateway_fixture.ts";
import { SCALE_DIMENSIONS } from "./scaling_fixture.ts";
import { COMMON_QUERY, MIXED_QUERY } from "./scaling_queries.ts";

/** The class of the benchmark collection. */
export const STORE_CLASS = "Scale";

/** The benchmark collection: `title` and `content` (`word`), text2vec-hash 384-d, cosine. */
export const STORE_COLLECTION: CollectionConfig = {
  class: STORE_CLASS,
  properties: ["title", "content"].map((name) => ({
    name,
    dataType: ["text"],
    tokenization: "word" as const,
    indexFilterable: true,
    indexSearchable: true,
  })),
  vectorizer: "text2vec-hash",
  moduleConfig: { "text2vec-hash": { dimensions: SCALE_DIMENSIONS } },
  vectorIndexConfig: { distance: "cosine" },
  store: { kind: "embedded", files: ["scale.jsonl"], idField: "id", vectorField: "vector" },
};

/**
 * `objects` JSONL records (the scaling fixture's generator, seed 11) as a byte stream; the time
 * spent generating is added to `clock.ms` so a timed load can leave it out.
 */
export function recordStream(
  objects: number,
  clock: { ms: number } = { ms: 0 },
): ReadableStream<Uint8Array> {
  const rand = rng(11);
  const word = () => VOCAB[Math.floor(VOCAB.length * rand() ** 3)];
  const words = (k: number) => Array.from({ length: k }, word).join(" ");
  const encoder = new TextEncoder();
  let made = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (made >= objects) return controller.close();
      const t0 = performance.now();
      const lines: string[] = [];
      for (const end = Math.min(objects, made + 2000); made < end; made++) {
        lines.push(JSON.stringify({ title: words(8), content: words(60) }) + "\n");
      }
      controller.enqueue(encoder.encode(lines.join("")));
      clock.ms += performance.now() - t0;
    },
  });
}

/** The timed searches (limit 10). */
export const STORE_SEARCHES: Readonly<Record<string, Search>> = {
  "bm25 mixed": { kind: "bm25", query: MIXED_QUERY },
  "bm25 common": { kind: "bm25", query: COMMON_QUERY },
  nearVector: { kind: "nearVector", vector: randomVector(rng(99), SCALE_DIMENSIONS) },
  hybrid: { kind: "hybrid", query: MIXED_QUERY, alpha: 0.75, fusionType: "relativeScoreFusion" },
};

/** A limit-10 plan returning `title` and the id. */
export function storePlan(search: Search): QueryPlan {
  return {
    collection: STORE_CLASS,
    search,
    offset: 0,
    limit: 10,
    autocut: 0,
    properties: ["title"],
    additional: new Set(["id"]),
  };
}
