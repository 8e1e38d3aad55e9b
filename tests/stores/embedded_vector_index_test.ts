import assert from "node:assert/strict";
import type { DistanceMetric } from "../../src/config/types.ts";
import { distanceFunction, normalize } from "../../src/search/distance.ts";
import type { StoredObject } from "../../src/stores/embedded/load.ts";
import { buildVectorIndex } from "../../src/stores/embedded/vector_index.ts";
import { collection, signal } from "./embedded_fixtures.ts";

function objects(n: number, dims: number): StoredObject[] {
  let seed = 9;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: n }, (_, index) => ({
    id: `id-${index}`,
    index,
    source: "mem",
    properties: {},
    creationTimeUnix: 0,
    lastUpdateTimeUnix: 0,
    // Every 7th object has no vector; values on a coarse grid so distances tie.
    ...(index % 7 === 3
      ? {}
      : { vector: Array.from({ length: dims }, () => Math.floor(rand() * 3) - 1) }),
  } as unknown as StoredObject));
}

Deno.test("vector index: nearest `limit` in position order equal a full sort of all distances", async () => {
  const objs = objects(500, 4);
  for (const metric of ["cosine", "dot", "l2-squared", "manhattan"] as DistanceMetric[]) {
    const index = await buildVectorIndex(objs, { collection: collection([], { metric }), signal });
    const query = [0.5, -1, 0.25, 1];
    const q = metric === "cosine" ? normalize(query) : query;
    const stored = (o: StoredObject) =>
      metric === "cosine" ? normalize(o.vector!) : Float32Array.from(o.vector!);
    const fn = distanceFunction(metric);
    const expected = (keep: (i: number) => boolean) =>
      objs.filter((o) => o.vector && keep(o.index))
        .map((o) => ({ index: o.index, distance: Math.fround(fn(q, stored(o))) }))
        .sort((a, b) => a.distance - b.distance || a.index - b.index);
    const round = (hs: { index: number; distance: number }[]) =>
      hs.map((h) => [h.index, Number(h.distance.toFixed(5))]);
    const all = expected(() => true);
    assert.deepEqual(round(index.search(query)), round(all), metric);
    assert.deepEqual(round(index.search(query, { limit: 10 })), round(all.slice(0, 10)), metric);
    // Candidates in any order (here: descending) give the same ranking.
    const candidates = objs.map((o) => o.index).filter((i) => i % 2 === 0).reverse();
    assert.deepEqual(
      round(index.search(query, { candidates, limit: 25 })),
      round(expected((i) => i % 2 === 0).slice(0, 25)),
      metric,
    );
  }
});
