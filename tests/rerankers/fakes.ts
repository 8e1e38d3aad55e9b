/**
 * Handlers that answer like the real providers, scoring with {@link fakeScore} and (where the real
 * service sorts by relevance) returning results in a shuffled order.
 */
import { type FakeHandler, fakeScore, json } from "./fake_server.ts";

/** Cohere v2 `/v2/rerank`: results sorted by relevance, like the real API. */
export const cohereHandler: FakeHandler = (req) => {
  const { documents } = JSON.parse(req.body) as { documents: string[] };
  const results = documents
    .map((d, index) => ({ index, relevance_score: fakeScore(d) }))
    .sort((a, b) => b.relevance_score - a.relevance_score);
  return json({
    id: "07734bd2-2473-4f07-94e1-0d9f0e6843cf",
    results,
    meta: { api_version: { version: "2" }, billed_units: { search_units: 1 } },
  });
};

function shuffled<T>(items: T[]): T[] {
  // Deterministic "relevance order": the real services sort by score, not by input position.
  return [...items].reverse();
}

/** Weaviate's reranker-transformers container: scores in input order. */
export const transformersHandler: FakeHandler = (req) => {
  const { query, documents } = JSON.parse(req.body) as { query: string; documents: string[] };
  return json({
    query,
    scores: documents.map((document) => ({ document, score: fakeScore(document) })),
    property: null,
    score: null,
  });
};

/** TEI `/rerank`: a bare array of `{index, score}`. */
export const teiHandler: FakeHandler = (req) => {
  const { texts } = JSON.parse(req.body) as { texts: string[] };
  return json(shuffled(texts.map((d, index) => ({ index, score: fakeScore(d) }))));
};

/** Jina `/v1/rerank`: `results[{index, relevance_score}]`. */
export const jinaHandler: FakeHandler = (req) => {
  const { documents, model } = JSON.parse(req.body) as { documents: string[]; model: string };
  return json({
    model,
    usage: { total_tokens: 10 },
    results: shuffled(documents.map((d, index) => ({ index, relevance_score: fakeScore(d) }))),
  });
};

/** Voyage `/v1/rerank`: `data[{index, relevance_score}]`. */
export const voyageHandler: FakeHandler = (req) => {
  const { documents, model } = JSON.parse(req.body) as { documents: string[]; model: string };
  return json({
    object: "list",
    model,
    usage: { total_tokens: 10 },
    data: shuffled(documents.map((d, index) => ({ index, relevance_score: fakeScore(d) }))),
  });
};

/** Mixedbread `/v1/reranking`: `data[{index, score}]`. */
export const mixedbreadHandler: FakeHandler = (req) => {
  const { input, model } = JSON.parse(req.body) as { input: string[]; model: string };
  return json({
    object: "list",
    model,
    data: shuffled(
      input.map((d, index) => ({ index, score: fakeScore(d), object: "rank_result" })),
    ),
  });
};
