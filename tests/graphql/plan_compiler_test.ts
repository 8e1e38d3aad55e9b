import assert from "node:assert/strict";
import type { CollectionConfig } from "../../src/config/types.ts";
import { compilePlan } from "../../src/graphql/plan_compiler.ts";
import { QueryError } from "../../src/errors/query_error.ts";
import type { ClassSelection } from "../../src/graphql/selection.ts";
import { DEFAULT_LIMITS, testConfig } from "../helpers/harness.ts";

const C: CollectionConfig = testConfig([{
  class: "Q",
  properties: { answer: "text", value: "int" },
  records: [],
  moduleConfig: { "reranker-dummy": {} },
}]).collections[0];

const sel = (over: Partial<ClassSelection> = {}): ClassSelection => ({
  properties: ["answer"],
  hitProperties: [],
  additional: new Set(["id"]),
  ...over,
});

function err(fn: () => unknown, message: string) {
  assert.throws(fn, (e: unknown) => e instanceof QueryError && e.message === message);
}

Deno.test("limit defaults: 100 plain, 10 with offset/autocut, 100 hybrid, unlimited by distance", () => {
  assert.equal(compilePlan(C, {}, sel(), DEFAULT_LIMITS).limit, 100);
  assert.equal(compilePlan(C, { offset: 3 }, sel(), DEFAULT_LIMITS).limit, 10);
  assert.equal(compilePlan(C, { autocut: 1 }, sel(), DEFAULT_LIMITS).limit, 10);
  assert.equal(
    compilePlan(C, { hybrid: { query: "x" } }, sel(), {
      ...DEFAULT_LIMITS,
      queryHybridMaximumResults: 42,
      queryDefaultsLimitGraphQL: 7,
    }).limit,
    42,
  );
  assert.equal(
    compilePlan(C, { nearVector: { vector: [1], distance: 0.3 } }, sel(), DEFAULT_LIMITS).limit,
    10000,
  );
  assert.equal(
    compilePlan(C, { limit: -1 }, sel(), DEFAULT_LIMITS).limit,
    10,
    "negative means not set (QUERY_DEFAULTS_LIMIT, Weaviate's entities/filters/pagination.go)",
  );
  assert.equal(compilePlan(C, { limit: 5, autocut: -2 }, sel(), DEFAULT_LIMITS).autocut, 0);
});

Deno.test("hybrid defaults: alpha 0.75, relativeScoreFusion", () => {
  const plan = compilePlan(C, { hybrid: { query: "x" } }, sel(), DEFAULT_LIMITS);
  assert.deepEqual(plan.search, {
    kind: "hybrid",
    query: "x",
    alpha: 0.75,
    fusionType: "relativeScoreFusion",
  });
});

Deno.test("conflicts and bad arguments answer with Weaviate's texts", () => {
  err(
    () =>
      compilePlan(C, { bm25: { query: "x" }, sort: [{ path: ["value"] }] }, sel(), DEFAULT_LIMITS),
    "bm25 search is not compatible with sort",
  );
  err(
    () =>
      compilePlan(
        C,
        { hybrid: { query: "x" }, sort: [{ path: ["value"] }] },
        sel(),
        DEFAULT_LIMITS,
      ),
    "hybrid search is not compatible with sort",
  );
  err(
    () => compilePlan(C, { bm25: {} }, sel(), DEFAULT_LIMITS),
    "keyword search (bm25) must have query set",
  );
  err(
    () =>
      compilePlan(C, { bm25: { query: "x" }, nearVector: { vector: [1] } }, sel(), DEFAULT_LIMITS),
    "conflict: both near<Media> and keyword-based (bm25) arguments present, choose one",
  );
  err(
    () =>
      compilePlan(
        C,
        { nearVector: { vector: [1] }, nearObject: { id: "x" } },
        sel(),
        DEFAULT_LIMITS,
      ),
    "explorer: get class: vectorize params: found both 'nearVector' and 'nearObject' parameters which are conflicting, choose one instead",
  );
  err(
    () => compilePlan(C, { nearVector: {} }, sel(), DEFAULT_LIMITS),
    "failed to extract nearVector params: vector or vectorPerTarget is required field",
  );
  err(
    () =>
      compilePlan(
        C,
        { nearVector: { vector: [1], certainty: 0.5, distance: 0.2 } },
        sel(),
        DEFAULT_LIMITS,
      ),
    "failed to extract nearVector params: cannot provide distance and certainty",
  );
  err(
    () => compilePlan(C, { hybrid: { query: "x", alpha: 1.5 } }, sel(), DEFAULT_LIMITS),
    "failed to extract hybrid params: alpha should be between 0.0 and 1.0",
  );
  err(
    () => compilePlan(C, { offset: 9999, limit: 2 }, sel(), DEFAULT_LIMITS),
    "explorer: list class: search: invalid pagination params: query maximum results exceeded: the total limit calculated from the provided offset '9999' and limit '2' exceeds the configured value for QUERY_MAXIMUM_RESULTS '10000'. If you've supplied a negative offset or limit, this may be an underflow error",
  );
  err(
    () => compilePlan(C, { after: "x", bm25: { query: "y" } }, sel(), DEFAULT_LIMITS),
    "cursor api: invalid 'after' parameter: other params cannot be set with after and limit parameters",
  );
  err(
    () =>
      compilePlan(C, { after: "x", offset: 2, sort: [{ path: ["value"] }] }, sel(), DEFAULT_LIMITS),
    "cursor api: invalid 'after' parameter: offset,sort cannot be set with after and limit parameters",
  );
});

Deno.test("rerank: the property is fetched even when not selected; omitted query is empty", () => {
  const plan = compilePlan(
    C,
    {},
    sel({ properties: [], additional: new Set(["rerank"]), rerank: { property: "answer" } }),
    DEFAULT_LIMITS,
  );
  assert.deepEqual(plan.properties, ["answer"]);
  assert.deepEqual(plan.rerank, { property: "answer", query: "" });
  const none = compilePlan(
    C,
    {},
    sel({ additional: new Set(["rerank"]), rerank: { query: "q" } }),
    DEFAULT_LIMITS,
  );
  assert.deepEqual(none.rerank, { query: "q" });
});

Deno.test("where: nested operands and typed values become a filter tree", () => {
  const plan = compilePlan(
    C,
    {
      where: {
        operator: "And",
        operands: [
          { operator: "GreaterThan", path: ["value"], valueInt: 200 },
          { operator: "Like", path: ["answer"], valueText: "bal*" },
        ],
      },
    },
    sel(),
    DEFAULT_LIMITS,
  );
  assert.deepEqual(plan.filter, {
    operator: "And",
    operands: [
      { operator: "GreaterThan", path: ["value"], value: { type: "int", value: 200 } },
      { operator: "Like", path: ["answer"], value: { type: "text", value: "bal*" } },
    ],
  });
  err(
    () => compilePlan(C, { where: { operator: "Equal", path: ["value"] } }, sel(), DEFAULT_LIMITS),
    "could not extract filters: got operator Equal but no value<Type> field set",
  );
});
