/**
 * An LRU of parsed and validated documents keyed by query text, so repeated query shapes are
 * parsed and validated once. Bounded by (estimated) bytes, not entries: 512 entries of unique
 * 64 KiB queries pinned ~2 GB, while 512 typical queries need a few MiB.
 * @module
 */
import type { DocumentNode, GraphQLError } from "graphql";
import type { CompiledQuery } from "./compiled_query.ts";

/** A parsed document with its validation errors (empty when valid). */
export interface CachedDocument {
  readonly document?: DocumentNode;
  readonly syntaxError?: GraphQLError;
  readonly validationErrors: readonly GraphQLError[];
  /** Class fields the document selects (`Get { C }`, aliases included), for batch budgets. */
  readonly classFields?: number;
  /** The compiled form (compiled_query.ts), when the compiled path covers the document. */
  readonly compiled?: CompiledQuery;
  /** Heap bytes held beyond the key and the tokens (a source text the key does not contain). */
  readonly extraBytes?: number;
}

/** Heap bytes per parsed token (token, AST node, location), measured on graphql-js 16 (~250). */
const BYTES_PER_TOKEN = 256;
/** A cached error (message, location, source reference). */
const BYTES_PER_ERROR = 1024;

/**
 * Estimated heap bytes of an entry: the key (as UTF-16, an upper bound), the parsed tokens (the
 * document keeps its whole token list through `loc`), the errors, the compiled form and the
 * entry's `extraBytes`.
 */
export function estimateEntryBytes(key: string, entry: CachedDocument): number {
  let tokens = 0;
  for (let t = entry.document?.loc?.startToken ?? null; t; t = t.next) tokens++;
  const errors = entry.validationErrors.length + (entry.syntaxError ? 1 : 0);
  return 2 * key.length + BYTES_PER_TOKEN * tokens + BYTES_PER_ERROR * errors +
    (entry.compiled?.bytes ?? 0) + (entry.extraBytes ?? 0);
}

/** Options of {@link DocumentCache}. */
export interface DocumentCacheOptions {
  /** Estimated bytes the cache may hold (`limits.documentCacheBytes`, default 64 MiB). */
  readonly maxBytes?: number;
}

/** Least-recently-used cache (Map insertion order as recency), bounded by estimated bytes. */
export class DocumentCache {
  readonly #maxBytes: number;
  readonly #map = new Map<string, { value: CachedDocument; bytes: number }>();
  #bytes = 0;

  constructor(opts: DocumentCacheOptions = {}) {
    this.#maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  }

  /** Returns the cached entry and marks it most recently used. */
  get(key: string): CachedDocument | undefined {
    const hit = this.#map.get(key);
    if (hit) {
      this.#map.delete(key);
      this.#map.set(key, hit);
    }
    return hit?.value;
  }

  /**
   * Stores an entry (`bytes` defaults to {@link estimateEntryBytes}), evicting the least recently
   * used ones until the total fits. An entry larger than the whole budget is not stored.
   */
  set(key: string, value: CachedDocument, bytes = estimateEntryBytes(key, value)): void {
    this.#remove(key);
    if (bytes > this.#maxBytes) return;
    this.#map.set(key, { value, bytes });
    this.#bytes += bytes;
    while (this.#bytes > this.#maxBytes) this.#remove(this.#map.keys().next().value!);
  }

  #remove(key: string): void {
    const old = this.#map.get(key);
    if (!old) return;
    this.#map.delete(key);
    this.#bytes -= old.bytes;
  }

  /** Number of cached documents. */
  get size(): number {
    return this.#map.size;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.#bytes;
  }
}
