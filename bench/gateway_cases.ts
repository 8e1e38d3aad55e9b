/**
 * The `Get` queries of the gateway benchmark: Weaviate-client-shaped documents (vector literals
 * serialised with `JSON.stringify`, as weaviate-ts-client does), repeated or unique per request.
 * @module
 */
import { randomVector, rng, VOCAB } from "./gateway_fixture.ts";

/** The rerank query used by every `rerank` case. */
export const RERANK_QUERY = "which article explains the floating market";

/** One benchmark case: a request body per iteration (or one body repeated). */
export interface GatewayCase {
  readonly id: string;
  readonly label: string;
  readonly className: string;
  /** Results each response must contain (checked once per handler). */
  readonly expectedResults: number;
  /** Vector dimension of the literal in the query, if any. */
  readonly dimensions?: number;
  /** True when every request carries a different vector literal (no document-cache hits). */
  readonly unique: boolean;
  /** The JSON request body of request `i` (warm-up included). */
  readonly body: (i: number) => string;
}

/** Options of {@link getQuery}. */
export interface GetQueryOptions {
  readonly className: string;
  /** The search argument, e.g. `nearVector: {vector: [...]}`. */
  readonly search: string;
  readonly limit: number;
  readonly rerank: boolean;
  /** `distance` for near* searches, `score` for bm25 / hybrid. */
  readonly metric: "distance" | "score";
}

/** A `Get` document as a Weaviate client would send it. */
export function getQuery(o: GetQueryOptions): string {
  const rerank = o.rerank
    ? ` rerank(property: "content" query: ${JSON.stringify(RERANK_QUERY)}) { score }`
    : "";
  return `{ Get { ${o.className}(${o.search} limit: ${o.limit}) { title content ` +
    `_additional { id ${o.metric}${rerank} } } } }`;
}

/** `nearVector` argument with the vector as a literal. */
export function nearVectorArg(vector: readonly number[]): string {
  return `nearVector: {vector: ${JSON.stringify(vector)}}`;
}

const body = (query: string) => JSON.stringify({ query });

/** Options of {@link gatewayCases}. */
export interface GatewayCasesOptions {
  readonly classes: { readonly 384: string; readonly 1536: string };
  /** Bodies needed per unique case (warm-up + iterations). */
  readonly uniqueCount: number;
}

/** The cases, in report order. */
export function gatewayCases(opts: GatewayCasesOptions): GatewayCase[] {
  const rand = rng(1234);
  const vec = (dim: 384 | 1536) => randomVector(rand, dim);
  const near = (dim: 384 | 1536, limit: number, rerank: boolean, unique: boolean): GatewayCase => {
    const className = opts.classes[dim];
    const q = (v: number[]) =>
      body(getQuery({ className, search: nearVectorArg(v), limit, rerank, metric: "distance" }));
    const bodies = unique ? Array.from({ length: opts.uniqueCount }, () => q(vec(dim))) : [
      q(vec(dim)),
    ];
    return {
      id: `nearVector-${dim}-l${limit}${rerank ? "-rerank" : ""}${unique ? "-unique" : ""}`,
      label: `nearVector ${dim}-d, limit ${limit}${rerank ? ", rerank" : ""}` +
        (unique ? ", unique vectors" : ""),
      className,
      expectedResults: limit,
      dimensions: dim,
      unique,
      body: (i) => bodies[unique ? i % bodies.length : 0],
    };
  };
  const text = (kind: "bm25" | "hybrid"): GatewayCase => {
    const className = opts.classes[384];
    // The most frequent words of the Zipf-like corpus, so there are always >= 10 matches.
    const query = `${VOCAB[0]} ${VOCAB[3]} ${VOCAB[17]}`;
    const search = `${kind}: {query: ${JSON.stringify(query)}}`;
    const b = body(getQuery({ className, search, limit: 10, rerank: true, metric: "score" }));
    return {
      id: `${kind}-l10-rerank`,
      label: `${kind} (384-d class), limit 10, rerank`,
      className,
      expectedResults: 10,
      unique: false,
      body: () => b,
    };
  };
  return [
    near(384, 10, false, false),
    near(384, 10, true, false),
    near(384, 10, true, true),
    near(384, 100, false, false),
    near(384, 100, true, false),
    near(1536, 10, true, false),
    near(1536, 10, true, true),
    text("bm25"),
    text("hybrid"),
  ];
}
