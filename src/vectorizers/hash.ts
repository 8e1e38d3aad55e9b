/**
 * `text2vec-hash`: a weightless, deterministic vectorizer for demos and tests.
 *
 * It is purely **lexical** — feature hashing of words, no semantics: "car" and "automobile" are
 * unrelated, and texts are similar only when they share words or word pairs.
 *
 * Algorithm: the text is lower-cased and split into runs of Unicode letters/digits; every word
 * unigram (weight 1) and every bigram (`"w1 w2"`, weight 0.5) is hashed with FNV-1a 32-bit over
 * its UTF-8 bytes, modulo `dimensions` picking the bucket. The vector is then L2 normalised; a text
 * without words stays the all-zero vector.
 *
 * Counts are unsigned on purpose: with signed hashing a colliding feature of opposite sign can
 * cancel a shared word exactly (a document containing the query word then looks orthogonal to
 * it), which made short queries such as `flying` miss the documents that contain them.
 * @module
 */
import { z } from "zod";
import { defineModule, type OptionProblem, type VectorizerProvider } from "../core/provider.ts";
import type { VectorizeOptions, Vectorizer } from "../core/vectorizer.ts";

/** Options of {@link createHashVectorizer}. */
export interface HashVectorizerOptions {
  /** Vector length; default 1024. */
  readonly dimensions?: number;
}

const WORDS = /[\p{L}\p{N}]+/gu;
const encoder = new TextEncoder();

/** FNV-1a 32-bit hash of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Embeds one text (see the module docs); exported for tests and offline tools. */
export function hashEmbed(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(WORDS) ?? [];
  const add = (feature: string, weight: number) => {
    vector[fnv1a32(feature) % dimensions] += weight;
  };
  for (let i = 0; i < words.length; i++) {
    add(words[i], 1);
    if (i > 0) add(`${words[i - 1]} ${words[i]}`, 0.5);
  }
  let sum = 0;
  for (const v of vector) sum += v * v;
  if (sum === 0) return vector;
  const norm = Math.sqrt(sum);
  return vector.map((v) => v / norm);
}

/** Creates the lexical `text2vec-hash` vectorizer (default 1024 dimensions). */
export function createHashVectorizer(opts: HashVectorizerOptions = {}): Vectorizer {
  const dimensions = opts.dimensions ?? 1024;
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new Error(`text2vec-hash: dimensions must be a positive integer, got ${dimensions}`);
  }
  return {
    name: "text2vec-hash",
    dimensions,
    vectorize(texts: readonly string[], opts: VectorizeOptions): Promise<number[][]> {
      if (opts.signal.aborted) return Promise.reject(opts.signal.reason);
      return Promise.resolve(texts.map((t) => hashEmbed(t, dimensions)));
    },
  };
}

/** `text2vec-hash` takes `{dimensions?: int 8..4096}`. */
const hashSettings = z.record(z.string(), z.unknown()).check((ctx) => {
  for (const p of hashProblems(ctx.value)) {
    ctx.issues.push({ code: "custom", input: ctx.value[p.key], path: [p.key], message: p.message });
  }
}).transform((s): HashVectorizerOptions =>
  typeof s.dimensions === "number" ? { dimensions: s.dimensions } : {}
);

function hashProblems(options: Readonly<Record<string, unknown>>): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (key !== "dimensions") {
      problems.push({ key, message: 'unknown option (expected "dimensions")' });
    } else if (!Number.isInteger(value) || (value as number) < 8 || (value as number) > 4096) {
      problems.push({
        key,
        message: `must be an integer between 8 and 4096, got ${JSON.stringify(value)}`,
      });
    }
  }
  return problems;
}

/** The `text2vec-hash` declaration. */
export const HASH_VECTORIZER: VectorizerProvider = defineModule({
  name: "text2vec-hash",
  kind: "vectorizer",
  meta: {
    name: "Text2Vec - Hash (lexical feature hashing, built into rerank-gateway)",
    documentationHref: "https://en.wikipedia.org/wiki/Feature_hashing",
  },
  settings: hashSettings,
  create: (s) => createHashVectorizer(s),
});
