import assert from "node:assert/strict";
import { mean, ndcgAtK, recallAtK, trecEvalOrder } from "../../bench/ir_metrics.ts";

function assertNear(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);
}

const qrels = (entries: Record<string, number>) => new Map(Object.entries(entries));

Deno.test("ndcgAtK: a perfect ranking scores 1", () => {
  assert.deepEqual(ndcgAtK(["a", "b", "x"], qrels({ a: 1, b: 1 }), 10), 1);
});

Deno.test("ndcgAtK: one relevant document at rank 3 scores 1 / log2(4) = 0.5", () => {
  assertNear(ndcgAtK(["x", "y", "a"], qrels({ a: 1 }), 10), 0.5);
});

Deno.test("ndcgAtK: binary gains, hand-computed", () => {
  // Relevant a, b; ranking x a y b: DCG = 1/log2(3) + 1/log2(5); IDCG = 1 + 1/log2(3).
  const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
  const idcg = 1 + 1 / Math.log2(3);
  assertNear(ndcgAtK(["x", "a", "y", "b"], qrels({ a: 1, b: 1 }), 10), dcg / idcg);
});

Deno.test("ndcgAtK: graded gains are linear (trec_eval), not 2^rel - 1", () => {
  // Ranking b a with a=2, b=1: DCG = 1 + 2/log2(3); IDCG = 2 + 1/log2(3).
  const expected = (1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3));
  assertNear(ndcgAtK(["b", "a"], qrels({ a: 2, b: 1 }), 10), expected);
});

Deno.test("ndcgAtK: the cut applies to the ranking and to the ideal", () => {
  // k = 1: the ideal holds one document; a relevant document at rank 2 does not count.
  assert.deepEqual(ndcgAtK(["x", "a"], qrels({ a: 1, b: 1 }), 1), 0);
  assert.deepEqual(ndcgAtK(["b", "a"], qrels({ a: 1, b: 1 }), 1), 1);
});

Deno.test("ndcgAtK: judged-irrelevant, unjudged and no relevant documents", () => {
  assert.deepEqual(ndcgAtK(["z", "a"], qrels({ z: 0, a: 1 }), 10), 1 / Math.log2(3));
  assert.deepEqual(ndcgAtK(["a"], qrels({ a: 0 }), 10), 0);
  assert.deepEqual(ndcgAtK([], qrels({ a: 1 }), 10), 0);
});

Deno.test("ndcgAtK: a duplicated id counts once", () => {
  assert.deepEqual(ndcgAtK(["a", "a", "b"], qrels({ a: 1, b: 1 }), 10), 1);
});

Deno.test("recallAtK: fraction of relevant documents within the first k", () => {
  const q = qrels({ a: 1, b: 1, c: 0, d: 2 });
  assertNear(recallAtK(["a", "c", "x", "d"], q, 100), 2 / 3);
  assertNear(recallAtK(["a", "c", "x", "d"], q, 2), 1 / 3);
  assert.deepEqual(recallAtK(["a", "a"], qrels({ a: 1, b: 1 }), 100), 0.5);
  assert.deepEqual(recallAtK(["a"], qrels({ a: 0 }), 100), 0);
});

Deno.test("trecEvalOrder: score descending, ties by id descending", () => {
  const order = trecEvalOrder([
    { id: "10", score: 1 },
    { id: "9", score: 2 },
    { id: "2", score: 1 },
    { id: "30", score: 1 },
  ]);
  assert.deepEqual(order, ["9", "30", "2", "10"]);
});

Deno.test("mean: average of per-query values", () => {
  assert.deepEqual(mean([1, 0, 0.5]), 0.5);
  assert.deepEqual(mean([]), 0);
});
