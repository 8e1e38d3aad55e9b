/**
 * The gateway benchmark's data: two embedded-store collections over the same ~1,000 synthetic
 * objects (title of 8 words, content of ~100 words), one with 384-d and one with 1536-d vectors,
 * both with `text2vec-hash` (for hybrid) and `reranker-dummy`. Built through the real
 * `buildServices`, from memory (no files).
 * @module
 */
import { DEFAULT_LIMITS } from "../src/config/default_limits.ts";
import { buildServices } from "../src/pipeline/build_services.ts";
import type { CollectionConfig, GatewayConfig, PropertyConfig } from "../src/config/types.ts";
import type { Services } from "../src/pipeline/services.ts";
import { testRuntime } from "../tools/testing/runtime.ts";

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The synthetic vocabulary: 5,000 pronounceable-ish tokens. */
export const VOCAB: readonly string[] = Array.from(
  { length: 5000 },
  (_, i) => `w${i.toString(36)}${"aeiou"[i % 5]}`,
);

/** A random unit-ish vector with full float64 digits, as clients serialise them. */
export function randomVector(rand: () => number, dimensions: number): number[] {
  return Array.from({ length: dimensions }, () => rand() * 2 - 1);
}

/** Options of {@link buildBenchServices}. */
export interface BenchFixtureOptions {
  /** Objects per collection; default 1000. */
  readonly objects?: number;
  /** Words of the `content` property; default 100. */
  readonly contentWords?: number;
  readonly seed?: number;
}

/** The built services and the class names by vector dimension. */
export interface BenchFixture {
  readonly services: Services;
  readonly classes: { readonly 384: string; readonly 1536: string };
  readonly objects: number;
}

function text(name: string): PropertyConfig {
  return {
    name,
    dataType: ["text"],
    tokenization: "word",
    indexFilterable: true,
    indexSearchable: true,
  };
}

function collection(className: string, dimensions: number): CollectionConfig {
  return {
    class: className,
    properties: [text("title"), text("content")],
    vectorizer: "text2vec-hash",
    moduleConfig: { "text2vec-hash": { dimensions }, "reranker-dummy": {} },
    vectorIndexConfig: { distance: "cosine" },
    store: { kind: "embedded", files: [`mem:${className}`], idField: "id", vectorField: "vector" },
  };
}

/** Generates the records and builds the services (takes a second or two). */
export async function buildBenchServices(opts: BenchFixtureOptions = {}): Promise<BenchFixture> {
  const n = opts.objects ?? 1000;
  const contentWords = opts.contentWords ?? 100;
  const rand = rng(opts.seed ?? 7);
  // Zipf-like word choice so a few words are common, like real text.
  const word = () => VOCAB[Math.floor(VOCAB.length * rand() ** 3)];
  const words = (k: number) => Array.from({ length: k }, word).join(" ");
  const texts = Array.from(
    { length: n },
    () => ({ title: words(8), content: words(contentWords) }),
  );
  const files = new Map<string, string>();
  const classes = { 384: "Article384", 1536: "Article1536" } as const;
  for (const dim of [384, 1536] as const) {
    const records = texts.map((t) => ({ ...t, vector: randomVector(rand, dim) }));
    files.set(`mem:${classes[dim]}`, JSON.stringify(records));
  }
  const config: GatewayConfig = {
    collections: [collection(classes[384], 384), collection(classes[1536], 1536)],
    authentication: { anonymousAccessEnabled: true },
    limits: DEFAULT_LIMITS,
  };
  const services = await buildServices(config, {
    runtime: testRuntime({
      readText: (path) => {
        const body = files.get(path);
        return body === undefined
          ? Promise.reject(new Error(`no file ${path}`))
          : Promise.resolve(body);
      },
    }),
  });
  return { services, classes, objects: n };
}
