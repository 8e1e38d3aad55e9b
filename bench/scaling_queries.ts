/**
 * The `Get` documents of the scaling benchmarks.
 * @module
 */
import { randomVector, rng, VOCAB } from "./gateway_fixture.ts";
import { SCALE_CLASS, SCALE_DIMENSIONS } from "./scaling_fixture.ts";

/** Very common tokens of the Zipf-like vocabulary: they match nearly every object. */
export const COMMON_QUERY = `${VOCAB[0]} ${VOCAB[1]} ${VOCAB[2]}`;
/** A mix of frequent and rare tokens (as the embedded-store bench uses). */
export const MIXED_QUERY = `${VOCAB[3]} ${VOCAB[40]} ${VOCAB[700]}`;

const VECTOR = JSON.stringify(randomVector(rng(99), SCALE_DIMENSIONS));

/** Options of {@link scaleQuery}. */
export interface ScaleQueryOptions {
  readonly search: "nearVector" | "bm25" | "hybrid";
  readonly limit: number;
  /** bm25 / hybrid query text; default {@link MIXED_QUERY}. */
  readonly text?: string;
  readonly rerank?: boolean;
  /** Selected properties; default `title content`. */
  readonly properties?: string;
}

/** A weaviate-ts-client-shaped document (vector literal with full float64 digits). */
export function scaleQuery(o: ScaleQueryOptions): string {
  const text = JSON.stringify(o.text ?? MIXED_QUERY);
  const search = o.search === "nearVector"
    ? `nearVector: {vector: ${VECTOR}}`
    : o.search === "bm25"
    ? `bm25: {query: ${text}}`
    : `hybrid: {query: ${text}}`;
  const metric = o.search === "nearVector" ? "distance" : "score";
  const rerank = o.rerank ? ` rerank(property: "content" query: ${text}) { score }` : "";
  return `{ Get { ${SCALE_CLASS}(${search} limit: ${o.limit}) { ${
    o.properties ?? "title content"
  } _additional { id ${metric}${rerank} } } } }`;
}
