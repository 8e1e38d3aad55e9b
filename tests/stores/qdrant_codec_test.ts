/** Qdrant mapping units: filters, refused operators, score -> Weaviate distance per metric. */
import assert from "node:assert/strict";
import { toQdrantFilter } from "../../src/stores/qdrant/filters.ts";
import { distanceFromScore, scoreThreshold } from "../../src/stores/qdrant/scores.ts";
import { prop } from "./embedded_fixtures.ts";

const props = [
  prop("title", "text"),
  prop("cat", "text", { tokenization: "field" }),
  prop("n", "int"),
];

Deno.test("qdrant: where maps to must / should / must_not with match, range, is_empty", () => {
  assert.deepEqual(
    toQdrantFilter({
      operator: "Or",
      operands: [
        { operator: "Equal", path: ["cat"], value: { type: "text", value: "a" } },
        { operator: "Equal", path: ["title"], value: { type: "text", value: "paper" } },
        { operator: "GreaterThan", path: ["n"], value: { type: "int", value: 3 } },
        { operator: "IsNull", path: ["n"], value: { type: "boolean", value: true } },
        { operator: "NotEqual", path: ["id"], value: { type: "text", value: "A-B" } },
      ],
    }, props),
    {
      should: [
        { key: "cat", match: { value: "a" } },
        { key: "title", match: { text: "paper" } },
        { key: "n", range: { gt: 3 } },
        { is_empty: { key: "n" } },
        { must_not: [{ has_id: ["a-b"] }] },
      ],
    },
  );
});

Deno.test("qdrant: operators without a faithful mapping are refused before any call", () => {
  for (
    const f of [
      { operator: "Like", path: ["title"], value: { type: "text", value: "p*" } },
      { operator: "GreaterThan", path: ["_creationTimeUnix"], value: { type: "int", value: 1 } },
      { operator: "LessThan", path: ["title"], value: { type: "text", value: "m" } },
    ] as const
  ) {
    assert.throws(() => toQdrantFilter(f, props), /cannot be translated to a Qdrant filter/);
  }
});

Deno.test("qdrant: scores become Weaviate distances per metric; thresholds invert", () => {
  assert.equal(distanceFromScore(0.75, "cosine"), 0.25);
  assert.equal(distanceFromScore(2, "dot"), -2);
  assert.equal(distanceFromScore(3, "l2-squared"), 9, "Euclid returns L2; Weaviate has L2²");
  assert.equal(scoreThreshold({ distance: 0.25 }, "cosine"), 0.75);
  assert.equal(scoreThreshold({ certainty: 0.75 }, "cosine"), 0.5);
  assert.equal(scoreThreshold({ distance: 9 }, "l2-squared"), 3);
  assert.throws(() => scoreThreshold({ certainty: 0.5 }, "dot"), /certainty/);
});
