import assert from "node:assert/strict";
import { autocut } from "../../src/search/autocut.ts";

Deno.test("autocut: cuts before the first jump in ascending distances", () => {
  assert.equal(autocut([0.1, 0.11, 0.12, 0.5, 0.51], 1), 3);
});

Deno.test("autocut: the second extremum with autocut 2", () => {
  const distances = [0.1, 0.11, 0.4, 0.41, 0.42, 0.8, 0.81, 0.82];
  assert.equal(autocut(distances, 1), 2);
  assert.equal(autocut(distances, 2), 5);
});

Deno.test("autocut: works on descending scores the same way (bm25/hybrid)", () => {
  assert.equal(autocut([5, 4.9, 4.8, 1, 0.9], 1), 3);
  assert.equal(autocut([1, 0.99, 0.98, 0.2, 0.19, 0.18], 1), 3);
});

Deno.test("autocut: never reached returns n", () => {
  // Convex curve of three: the middle is a minimum, the last not above its predecessor 0.
  assert.equal(autocut([0.1, 0.2, 0.9], 1), 3);
  assert.equal(autocut([0.1, 0.11, 0.12, 0.5, 0.51], 3), 5);
});

Deno.test("autocut: n <= 1 returns n, off keeps all", () => {
  assert.equal(autocut([], 1), 0);
  assert.equal(autocut([0.3], 1), 1);
  assert.equal(autocut([0.1, 0.9, 0.95], 0), 3);
});

Deno.test("autocut: the last element counts when above its two predecessors", () => {
  // diff: 0, -0.5+0.01.., rising at the end: last point is the extremum -> cut at n-1.
  assert.equal(autocut([0, 0.01, 0.02, 1], 1), 3);
});

Deno.test("autocut: equal first and last values do not cut (NaN/Inf like Go)", () => {
  assert.equal(autocut([1, 1, 1, 1], 1), 4);
  assert.equal(autocut([0.5, 0.5], 1), 2);
});
