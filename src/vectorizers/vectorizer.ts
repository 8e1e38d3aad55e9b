/**
 * The Vectorizer interface (Weaviate's text2vec-* modules): turns texts into vectors.
 * @module
 */

/** Options of one vectorization call. */
export interface VectorizeOptions {
  readonly signal: AbortSignal;
}

/** Embeds texts for nearText, hybrid and for vectorizing stored objects. */
export interface Vectorizer {
  /** Weaviate module name, e.g. `text2vec-hash`. */
  readonly name: string;
  readonly dimensions: number;
  vectorize(texts: readonly string[], opts: VectorizeOptions): Promise<number[][]>;
}
