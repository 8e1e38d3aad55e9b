import assert from "node:assert/strict";
import { AdditionalFields } from "../../src/core/additional_fields.ts";
import type { QueryPlan, SearchKind } from "../../src/core/plan.ts";
import type { Retriever, RetrieverCapabilities } from "../../src/core/retriever.ts";
import { QueryError } from "../../src/errors/query_error.ts";
import { checkCapabilities } from "../../src/pipeline/capabilities.ts";
import { runPipeline } from "../../src/pipeline/pipeline.ts";
import { QDRANT_CAPABILITIES } from "../../src/stores/qdrant/store.ts";

const BASE: QueryPlan = {
  collection: "Doc",
  search: { kind: "nearVector", vector: [1, 0] },
  offset: 0,
  limit: 10,
  autocut: 0,
  properties: ["title"],
  additional: new AdditionalFields(["id"]),
};

function refusal(plan: QueryPlan, caps: RetrieverCapabilities): QueryError {
  try {
    checkCapabilities(plan, caps);
  } catch (e) {
    assert.ok(e instanceof QueryError);
    return e;
  }
  throw new Error("expected a refusal");
}

Deno.test("capabilities: a Like filter on Qdrant is refused once, with a coded error", () => {
  const e = refusal({
    ...BASE,
    filter: {
      operator: "And",
      operands: [
        { operator: "Equal", path: ["title"], value: { type: "text", value: "a" } },
        { operator: "Like", path: ["title"], value: { type: "text", value: "pa*" } },
      ],
    },
  }, QDRANT_CAPABILITIES);
  assert.equal(e.message, "the store of class Doc does not support the where operator Like");
  assert.equal(e.code, "store_operator");
});

Deno.test("capabilities: bm25 minimumOrTokensMatch is refused where the store lacks it", () => {
  const caps: RetrieverCapabilities = {
    modes: new Set<SearchKind>(["bm25"]),
    filters: true,
    sort: true,
    groupBy: true,
    cursor: true,
    bm25: { minimumOrTokensMatch: false },
  };
  const plan = (m: number): QueryPlan => ({
    ...BASE,
    search: { kind: "bm25", query: "a b", operator: "Or", minimumOrTokensMatch: m },
  });
  assert.equal(
    refusal(plan(2), caps).message,
    "the store of class Doc does not support bm25 minimumOrTokensMatch",
  );
  checkCapabilities(plan(1), caps);
});

Deno.test("capabilities: the pipeline refuses before the store is asked", async () => {
  let calls = 0;
  const retriever: Retriever = {
    capabilities: { ...QDRANT_CAPABILITIES, sort: false },
    retrieve: () => {
      calls++;
      return Promise.resolve([]);
    },
  };
  const collection = {
    config: {
      class: "Doc",
      properties: [],
      vectorizer: "none",
      moduleConfig: {},
      vectorIndexConfig: { distance: "cosine" as const },
      store: { kind: "qdrant" as const, url: "http://127.0.0.1:1", collection: "doc" },
    },
    retriever,
  };
  const opts = { signal: new AbortController().signal, headers: {} };
  await assert.rejects(
    runPipeline({ ...BASE, sort: [{ path: ["title"], order: "asc" }] }, collection, opts),
    /the store of class Doc does not support sort/,
  );
  assert.equal(calls, 0);
  assert.deepEqual(await runPipeline(BASE, collection, opts), []);
  assert.equal(calls, 1);
});

Deno.test("capabilities: a plan's additional fields serialise as a list", () => {
  assert.equal(JSON.stringify(BASE.additional), '["id"]');
});
