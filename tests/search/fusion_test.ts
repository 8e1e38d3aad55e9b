import assert from "node:assert/strict";
import { type FusionList, rankedFusion, relativeScoreFusion } from "../../src/search/fusion.ts";

const keyword: FusionList = {
  name: "keyword,bm25",
  weight: 0.25,
  kind: "score",
  hits: [{ id: "a", value: 3, explain: ", BM25F_x_frequency:1" }, { id: "b", value: 2 }, {
    id: "c",
    value: 1,
  }],
};
const vector: FusionList = {
  name: "vector,hybridVector",
  weight: 0.75,
  kind: "distance",
  hits: [{ id: "c", value: 0.1 }, { id: "a", value: 0.3 }, { id: "d", value: 0.5 }],
};

Deno.test("fusion: rankedFusion sums weight/(rank+60)", () => {
  const out = rankedFusion([keyword, vector]);
  const byId = Object.fromEntries(out.map((h) => [h.id, h.score]));
  const f = Math.fround;
  assert.equal(byId.a, f(f(0.25 / 60) + f(0.75 / 61)));
  assert.equal(byId.c, f(f(0.25 / 62) + f(0.75 / 60)));
  assert.equal(byId.b, f(0.25 / 61));
  assert.equal(byId.d, f(0.75 / 62));
  assert.deepEqual(out.map((h) => h.id), ["c", "a", "d", "b"]);
});

Deno.test("fusion: rankedFusion explain lines in Weaviate's style, after the bm25 explanation", () => {
  const a = rankedFusion([keyword, vector]).find((h) => h.id === "a")!;
  const lines = a.explainScore.split("\n");
  assert.equal(lines[0], ", BM25F_x_frequency:1");
  assert.match(
    lines[1],
    /^Hybrid \(Result Set keyword,bm25\) Document a contributed 0\.004166\d* to the score$/,
  );
  assert.match(
    lines[2],
    /^Hybrid \(Result Set vector,hybridVector\) Document a contributed [\d.]+ to the score$/,
  );
});

Deno.test("fusion: relativeScoreFusion min-max normalises, vector on 1 - distance", () => {
  const out = relativeScoreFusion([keyword, vector]);
  const byId = Object.fromEntries(out.map((h) => [h.id, h.score]));
  // keyword: a=1, b=0.5, c=0 (x 0.25); vector: c=1, a=0.5, d=0 (x 0.75)
  assert.equal(byId.a, Math.fround(0.25 + 0.375));
  assert.equal(byId.c, 0.75);
  assert.equal(byId.b, 0.125);
  assert.equal(byId.d, 0);
  assert.deepEqual(out.map((h) => h.id), ["c", "a", "b", "d"]);
});

Deno.test("fusion: relativeScoreFusion gives the full weight when all values are equal", () => {
  const out = relativeScoreFusion([
    {
      name: "keyword,bm25",
      weight: 0.4,
      kind: "score",
      hits: [{ id: "x", value: 2 }, { id: "y", value: 2 }],
    },
  ]);
  assert.deepEqual(out.map((h) => [h.id, h.score]), [["x", Math.fround(0.4)], [
    "y",
    Math.fround(0.4),
  ]]);
});

Deno.test("fusion: ties keep the order of first appearance", () => {
  const out = relativeScoreFusion([
    {
      name: "keyword,bm25",
      weight: 0.5,
      kind: "score",
      hits: [{ id: "p", value: 1 }, { id: "q", value: 0 }],
    },
    {
      name: "vector,nearVector",
      weight: 0.5,
      kind: "distance",
      hits: [{ id: "q", value: 0 }, { id: "p", value: 1 }],
    },
  ]);
  assert.deepEqual(out.map((h) => h.id), ["p", "q"]);
  assert.equal(out[0].score, out[1].score);
});

Deno.test("fusion: relativeScoreFusion explain shows original and normalised scores", () => {
  const out = relativeScoreFusion([keyword, vector]);
  const d = out.find((h) => h.id === "d")!;
  assert.equal(
    d.explainScore,
    "Hybrid (Result Set vector,hybridVector) Document d: original score 0.5, normalized score: 0",
  );
});

Deno.test("fusion: empty input gives no results", () => {
  assert.deepEqual(relativeScoreFusion([]), []);
  assert.deepEqual(rankedFusion([{ ...keyword, hits: [] }]), []);
});
