import assert from "node:assert/strict";
import type { Candidate } from "../../src/core/candidate.ts";
import { groupCandidates } from "../../src/search/group_by.ts";

const c = (id: string, properties: Record<string, unknown>, distance?: number): Candidate => ({
  id,
  properties,
  distance,
});

const candidates = [
  c("1", { cat: "a" }, 0.1),
  c("2", { cat: "b" }, 0.2),
  c("3", { cat: "a" }, 0.3),
  c("4", {}, 0.35),
  c("5", { cat: "c" }, 0.4),
  c("6", { cat: "a" }, 0.5),
  c("7", { cat: "b" }, 0.6),
];

Deno.test("groupBy: groups in candidate order, 0-based ids, capped hits", () => {
  const groups = groupCandidates(candidates, { path: "cat", groups: 2, objectsPerGroup: 2 });
  assert.equal(groups.length, 2);
  assert.deepEqual(groups.map((g) => g.id), [0, 1]);
  assert.deepEqual(groups.map((g) => g.groupedBy), [{ path: ["cat"], value: "a" }, {
    path: ["cat"],
    value: "b",
  }]);
  assert.deepEqual(groups[0].hits.map((h) => h.id), ["1", "3"]);
  assert.deepEqual(groups[1].hits.map((h) => h.id), ["2", "7"]);
  assert.deepEqual(groups.map((g) => g.count), [2, 2]);
  assert.equal(groups[0].minDistance, 0.1);
  assert.equal(groups[0].maxDistance, 0.3);
  assert.equal(groups[1].maxDistance, 0.6);
});

Deno.test("groupBy: objects without the property are skipped; later values cannot open groups", () => {
  const groups = groupCandidates(candidates, { path: "cat", groups: 3, objectsPerGroup: 10 });
  assert.deepEqual(groups.map((g) => g.groupedBy.value), ["a", "b", "c"]);
  assert.deepEqual(groups[0].hits.map((h) => h.id), ["1", "3", "6"]);
  assert.ok(!groups.some((g) => g.hits.some((h) => h.id === "4")));
});

Deno.test("groupBy: array values put an object into every element's group", () => {
  const groups = groupCandidates(
    [c("1", { tags: ["x", "y"] }), c("2", { tags: ["y", "y"] }), c("3", { tags: ["z"] })],
    { path: "tags", groups: 5, objectsPerGroup: 5 },
  );
  assert.deepEqual(groups.map((g) => [g.groupedBy.value, g.hits.map((h) => h.id)]), [
    ["x", ["1"]],
    ["y", ["1", "2"]],
    ["z", ["3"]],
  ]);
});

Deno.test("groupBy: distances default to 0 (bm25/hybrid hits), values are stringified", () => {
  const groups = groupCandidates([c("1", { n: 3 }), c("2", { n: true })], {
    path: "n",
    groups: 5,
    objectsPerGroup: 5,
  });
  assert.deepEqual(groups.map((g) => g.groupedBy.value), ["3", "true"]);
  assert.equal(groups[0].minDistance, 0);
  assert.equal(groups[0].maxDistance, 0);
});

Deno.test("groupBy: empty input or zero groups gives no groups", () => {
  assert.deepEqual(groupCandidates([], { path: "cat", groups: 2, objectsPerGroup: 2 }), []);
  assert.deepEqual(groupCandidates(candidates, { path: "cat", groups: 0, objectsPerGroup: 2 }), []);
});
