/**
 * The soak's request mix: searches with and without rerank on the sample class (reranker-dummy),
 * rerank through the Cohere and Jina AI classes (answered in process), an optional local
 * cross-encoder class (WASM), unique nearVector bodies (document-cache churn), filters, groupBy,
 * batches and the meta/schema routes. Every request has a check of its answer.
 * @module
 */
import { rng } from "../gateway_fixture.ts";

/** One soak request and how its answer is judged. */
export interface SoakRequest {
  readonly kind: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly body?: string;
  /** True when the answer is right (status and body). */
  readonly ok: (status: number, text: string) => boolean;
}

/** The cross-encoder class the soak adds when a synthetic model is on disk. */
export const CROSS_ENCODER_CLASS = "JeopardyQuestionCE";

const WORDS = [
  "balloon",
  "airship",
  "brothers",
  "hydrogen",
  "flight",
  "ocean",
  "river",
  "gas",
  "French",
  "Atlantic",
  "first",
  "fire",
];

const graphqlOk = (status: number, text: string) =>
  status === 200 && text.startsWith('{"data":') && !text.includes('"errors"');
const batchOk = (status: number, text: string) =>
  status === 200 && text.startsWith("[") && !text.includes('"errors"');

function gql(kind: string, query: string): SoakRequest {
  return {
    kind,
    method: "POST",
    path: "/v1/graphql",
    body: JSON.stringify({ query }),
    ok: graphqlOk,
  };
}

/** Options of {@link soakMix}. */
export interface SoakMixOptions {
  readonly seed: number;
  /** Include the cross-encoder class. */
  readonly crossEncoder: boolean;
}

/** A deterministic generator of soak requests. */
export function soakMix(opts: SoakMixOptions): () => SoakRequest {
  const rand = rng(opts.seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)];
  const phrase = () => `${pick(WORDS)} ${pick(WORDS)}`;
  const rerank = (prop: string) =>
    `_additional { distance rerank(property: "${prop}", query: "${phrase()}") { score } }`;
  const kinds: [number, () => SoakRequest][] = [
    [
      6,
      () =>
        gql(
          "nearText+rerank",
          `{ Get { JeopardyQuestion(nearText: {concepts: ["${phrase()}"]}, limit: 10) { question ${
            rerank("question")
          } } } }`,
        ),
    ],
    [
      5,
      () =>
        gql(
          "bm25+rerank",
          `{ Get { JeopardyQuestion(bm25: {query: "${phrase()}"}, limit: 10) { answer ${
            rerank("answer")
          } } } }`,
        ),
    ],
    [
      4,
      () =>
        gql(
          "hybrid",
          `{ Get { JeopardyQuestion(hybrid: {query: "${phrase()}", alpha: ${
            rand().toFixed(2)
          }}, limit: 10) { question _additional { score } } } }`,
        ),
    ],
    [
      3,
      () => {
        const v = Array.from({ length: 1024 }, () => (rand() * 2 - 1).toFixed(6)).join(",");
        return gql(
          "nearVector unique",
          `{ Get { JeopardyQuestion(nearVector: {vector: [${v}]}, limit: 5) { question _additional { distance } } } }`,
        );
      },
    ],
    [
      3,
      () =>
        gql(
          "where+sort",
          `{ Get { JeopardyQuestion(where: {operator: Or, operands: [{path: ["value"], operator: GreaterThan, valueInt: ${
            Math.floor(rand() * 1000)
          }}, {path: ["category"], operator: Like, valueText: "${
            pick(WORDS).slice(0, 3)
          }*"}]}, sort: [{path: ["value"], order: desc}], limit: 20) { question value } } }`,
        ),
    ],
    [
      2,
      () =>
        gql(
          "groupBy",
          `{ Get { JeopardyQuestion(nearText: {concepts: ["${phrase()}"]}, groupBy: {path: ["category"], groups: 3, objectsPerGroup: 2}) { _additional { group { id count hits { question } } } } } }`,
        ),
    ],
    [
      3,
      () =>
        gql(
          "Cohere rerank",
          `{ Get { Article(bm25: {query: "${pick(WORDS)}"}, limit: 10) { title ${
            rerank("body")
          } } } }`,
        ),
    ],
    [
      2,
      () =>
        gql(
          "Jina rerank",
          `{ Get { Review(limit: 10) { title ${rerank("title")} } } }`,
        ),
    ],
    [1, () => ({
      kind: "batch of 3",
      method: "POST",
      path: "/v1/graphql/batch",
      body: JSON.stringify([
        { query: `{ Get { JeopardyQuestion(limit: 3) { question } } }` },
        { query: `{ Get { Article(bm25: {query: "${pick(WORDS)}"}) { title } } }` },
        { query: `{ Get { Review(limit: 2) { title ${rerank("title")} } } }` },
      ]),
      ok: batchOk,
    })],
    [1, () => ({ kind: "GET /v1/meta", method: "GET", path: "/v1/meta", ok: (s) => s === 200 })],
    [
      1,
      () => ({ kind: "GET /v1/schema", method: "GET", path: "/v1/schema", ok: (s) => s === 200 }),
    ],
  ];
  if (opts.crossEncoder) {
    kinds.push([
      4,
      () =>
        gql(
          "cross-encoder rerank",
          `{ Get { ${CROSS_ENCODER_CLASS}(bm25: {query: "${phrase()}"}, limit: 5) { question ${
            rerank("question")
          } } } }`,
        ),
    ]);
  }
  const total = kinds.reduce((n, [w]) => n + w, 0);
  return () => {
    let r = rand() * total;
    for (const [w, make] of kinds) {
      if ((r -= w) < 0) return make();
    }
    return kinds[0][1]();
  };
}
