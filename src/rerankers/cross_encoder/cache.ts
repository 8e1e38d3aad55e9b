/**
 * A bounded LRU cache of rerank scores keyed by model, query and document. Keys are hashes
 * (FNV-1a 64-bit over the UTF-8 bytes, length-prefixed fields), so memory stays at a few dozen
 * bytes per entry whatever the document size. A 64-bit collision between two live entries is
 * astronomically unlikely at the sizes a gateway keeps (< 1e-9 at a million entries).
 * @module
 */

/** Hit/miss counters, for tests and `/v1/meta`-style reporting. */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
  /** hits / (hits + misses); 0 before the first lookup. */
  readonly hitRatio: number;
}

/** Scores by (model, query, document). */
export interface ScoreCache {
  /** False when the cache holds nothing (`maxEntries` 0): no key is worth computing. */
  readonly enabled: boolean;
  get(model: string, query: string, document: string): number | undefined;
  set(model: string, query: string, document: string, score: number): void;
  /** The score under `key` ({@link scoreKey}), counting a hit or a miss. */
  getByKey(key: string): number | undefined;
  /** Stores `score` under `key` ({@link scoreKey}). */
  setByKey(key: string, score: number): void;
  stats(): CacheStats;
}

/** The cache key of (model, query, document): computed once, used for the lookup and the store. */
export function scoreKey(model: string, query: string, document: string): string {
  return fnv1a64([model, query, document]);
}

const encoder = new TextEncoder();

/** FNV-1a 64-bit over `parts`, each prefixed by its byte length (so fields cannot run together). */
export function fnv1a64(parts: readonly string[]): string {
  // 64-bit arithmetic on two 32-bit halves; prime = 2^40 + 0x1b3.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const step = (byte: number) => {
    lo = (lo ^ byte) >>> 0;
    const l = lo * 0x1b3; // < 2^41: exact in a double
    hi = (Math.imul(hi, 0x1b3) + Math.floor(l / 0x100000000) + (lo << 8)) >>> 0;
    lo = l >>> 0;
  };
  for (const part of parts) {
    const bytes = encoder.encode(part);
    for (let s = 0; s < 32; s += 8) step((bytes.length >>> s) & 0xff);
    for (const b of bytes) step(b);
  }
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

/** An LRU cache of at most `maxEntries` scores; `maxEntries` 0 disables caching. */
export function createScoreCache(maxEntries: number): ScoreCache {
  const map = new Map<string, number>();
  let hits = 0;
  let misses = 0;
  const getByKey = (key: string) => {
    if (maxEntries <= 0) return undefined;
    const score = map.get(key);
    if (score === undefined) {
      misses++;
      return undefined;
    }
    hits++;
    // Re-insert: Map iteration order is insertion order, so the first key is the LRU one.
    map.delete(key);
    map.set(key, score);
    return score;
  };
  const setByKey = (key: string, score: number) => {
    if (maxEntries <= 0) return;
    map.delete(key);
    map.set(key, score);
    while (map.size > maxEntries) map.delete(map.keys().next().value!);
  };
  return {
    enabled: maxEntries > 0,
    get: (model, query, document) =>
      maxEntries <= 0 ? undefined : getByKey(scoreKey(model, query, document)),
    set(model, query, document, score) {
      if (maxEntries > 0) setByKey(scoreKey(model, query, document), score);
    },
    getByKey,
    setByKey,
    stats() {
      const total = hits + misses;
      return { hits, misses, size: map.size, hitRatio: total ? hits / total : 0 };
    },
  };
}
