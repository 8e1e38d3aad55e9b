/**
 * The Vectorizer interface (Weaviate's text2vec-* modules): turns texts into vectors.
 * @module
 */

/**
 * What the texts are for: `document` when objects are embedded at start-up, `query` for nearText
 * and hybrid. Asymmetric models (Cohere's `input_type`) embed the two differently.
 */
export type VectorizePurpose = "document" | "query";

/** Options of one vectorization call. */
export interface VectorizeOptions {
  readonly signal: AbortSignal;
  /** Default `query`. */
  readonly purpose?: VectorizePurpose;
  /** Request headers (lower-cased) of a query, for providers that take keys from `X-*` headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Embeds texts for nearText, hybrid and for vectorizing stored objects. */
export interface Vectorizer {
  /** Weaviate module name, e.g. `text2vec-hash`. */
  readonly name: string;
  /** Vector length; remote vectorizers know it after their first answer (0 until then). */
  readonly dimensions: number;
  vectorize(texts: readonly string[], opts: VectorizeOptions): Promise<number[][]>;
  /** Extra fields of the module's `/v1/meta` entry (a local model reports model and backend). */
  meta?(): Readonly<Record<string, unknown>>;
}

/** `vectorizer` with `headers` as the default headers of every call (one request's view of it). */
export function withHeaders(
  vectorizer: Vectorizer,
  headers: Readonly<Record<string, string>>,
): Vectorizer {
  return {
    name: vectorizer.name,
    get dimensions() {
      return vectorizer.dimensions;
    },
    vectorize: (texts, opts) =>
      vectorizer.vectorize(texts, { ...opts, headers: opts.headers ?? headers }),
  };
}
