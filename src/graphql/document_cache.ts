/**
 * A small LRU of parsed and validated documents keyed by query text, so repeated query shapes
 * are parsed and validated once.
 * @module
 */
import type { DocumentNode, GraphQLError } from "graphql";

/** A parsed document with its validation errors (empty when valid). */
export interface CachedDocument {
  readonly document?: DocumentNode;
  readonly syntaxError?: GraphQLError;
  readonly validationErrors: readonly GraphQLError[];
  /** Class fields the document selects (`Get { C }`, aliases included), for batch budgets. */
  readonly classFields?: number;
}

/** Least-recently-used cache (Map insertion order as recency). */
export class DocumentCache {
  readonly #max: number;
  readonly #map = new Map<string, CachedDocument>();

  constructor(max = 512) {
    this.#max = max;
  }

  /** Returns the cached entry and marks it most recently used. */
  get(key: string): CachedDocument | undefined {
    const hit = this.#map.get(key);
    if (hit) {
      this.#map.delete(key);
      this.#map.set(key, hit);
    }
    return hit;
  }

  /** Stores an entry, evicting the least recently used one when full. */
  set(key: string, value: CachedDocument): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value!);
  }

  /** Number of cached documents. */
  get size(): number {
    return this.#map.size;
  }
}
