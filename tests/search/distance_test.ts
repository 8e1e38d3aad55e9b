import assert from "node:assert/strict";
import {
  certaintyFromDistance,
  cosineDistance,
  distanceFromCertainty,
  distanceFunction,
  dotDistance,
  hammingDistance,
  l2SquaredDistance,
  manhattanDistance,
  normalize,
} from "../../src/search/distance.ts";

const close = (a: number, b: number, eps = 1e-6) =>
  assert.ok(Math.abs(a - b) <= eps, `${a} is not within ${eps} of ${b}`);

Deno.test("distance: cosine is 1 - cos, 0 for parallel, 1 for orthogonal, 2 for opposite", () => {
  assert.equal(cosineDistance([1, 0], [2, 0]), 0);
  assert.equal(cosineDistance([1, 0], [0, 3]), 1);
  assert.equal(cosineDistance([1, 0], [-1, 0]), 2);
  close(cosineDistance([1, 1], [1, 0]), 1 - Math.SQRT1_2);
});

Deno.test("distance: cosine with a zero vector is 1", () => {
  assert.equal(cosineDistance([0, 0], [1, 0]), 1);
});

Deno.test("distance: results are float32 values", () => {
  const d = cosineDistance([0.1, 0.2, 0.3], [0.3, 0.2, 0.1]);
  assert.equal(Math.fround(d), d);
  close(d, 1 - 0.1 / 0.14, 1e-6);
});

Deno.test("distance: dot is the negative dot product", () => {
  assert.equal(dotDistance([1, 2, 3], [4, 5, 6]), -32);
});

Deno.test("distance: l2-squared, manhattan and hamming", () => {
  assert.equal(l2SquaredDistance([1, 2], [4, 6]), 25);
  assert.equal(manhattanDistance([1, 2], [4, -6]), 11);
  assert.equal(hammingDistance([1, 0, 1, 1], [1, 1, 0, 1]), 2);
});

Deno.test("distance: distanceFunction maps every metric", () => {
  assert.equal(distanceFunction("cosine"), cosineDistance);
  assert.equal(distanceFunction("dot"), dotDistance);
  assert.equal(distanceFunction("l2-squared"), l2SquaredDistance);
  assert.equal(distanceFunction("manhattan"), manhattanDistance);
  assert.equal(distanceFunction("hamming"), hammingDistance);
});

Deno.test("distance: certainty = 1 - d/2 and back", () => {
  assert.equal(certaintyFromDistance(0), 1);
  assert.equal(certaintyFromDistance(2), 0);
  assert.equal(certaintyFromDistance(0.5), 0.75);
  assert.equal(distanceFromCertainty(0.75), 0.5);
});

Deno.test("distance: normalize gives unit length, zero stays zero", () => {
  const n = normalize([3, 4]);
  close(n[0], 0.6);
  close(n[1], 0.8);
  assert.deepEqual([...normalize([0, 0])], [0, 0]);
});
