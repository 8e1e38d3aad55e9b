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
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Continues an FNV-1a state over the UTF-8 bytes of `text` (encoded inline, as `TextEncoder`
 * does: a lone surrogate becomes U+FFFD), so no byte array is allocated per feature.
 */
function fnvUpdate(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      hash = Math.imul(hash ^ c, FNV_PRIME);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else c = 0xfffd;
    }
    if (c < 0x800) {
      hash = Math.imul(hash ^ (0xc0 | (c >> 6)), FNV_PRIME);
    } else {
      if (c < 0x10000) hash = Math.imul(hash ^ (0xe0 | (c >> 12)), FNV_PRIME);
      else {
        hash = Math.imul(hash ^ (0xf0 | (c >> 18)), FNV_PRIME);
        hash = Math.imul(hash ^ (0x80 | ((c >> 12) & 0x3f)), FNV_PRIME);
      }
      hash = Math.imul(hash ^ (0x80 | ((c >> 6) & 0x3f)), FNV_PRIME);
    }
    hash = Math.imul(hash ^ (0x80 | (c & 0x3f)), FNV_PRIME);
  }
  return hash;
}

/** FNV-1a 32-bit hash of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  return fnvUpdate(FNV_OFFSET, text) >>> 0;
}

/** Embeds one text (see the module docs); exported for tests and offline tools. */
export function hashEmbed(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(WORDS) ?? [];
  // A bigram "w1 w2" continues the state of "w1" over " w2": one pass over each word's bytes.
  let previous = 0;
  for (let i = 0; i < words.length; i++) {
    const state = fnvUpdate(FNV_OFFSET, words[i]);
    vector[(state >>> 0) % dimensions] += 1;
    if (i > 0) {
      const bigram = fnvUpdate(Math.imul(previous ^ 0x20, FNV_PRIME), words[i]);
      vector[(bigram >>> 0) % dimensions] += 0.5;
    }
    previous = state;
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
