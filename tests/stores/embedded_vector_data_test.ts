import assert from "node:assert/strict";
import { normalize } from "../../src/search/distance.ts";
import { createVectorData } from "../../src/stores/embedded/vector_data.ts";
import { scanDot } from "../../src/stores/embedded/vector_scan.ts";
import { createTopK } from "../../src/stores/embedded/top_k.ts";

Deno.test("vector data: cosine rows are normalised, stored vectors come back as given (float32)", () => {
  const vectors = [[3, 4], [0.6, 0.8], [-0, 1], [-0, 0], [1e-3, 7.25]];
  const store = createVectorData(vectors.length + 1, true);
  vectors.forEach((v, i) => store.put(i, v));
  for (const [i, v] of vectors.entries()) {
    assert.deepEqual([...store.data.subarray(i * 2, i * 2 + 2)], [...normalize(v)], `row ${i}`);
    const stored = store.vector(i)!;
    assert.deepEqual([...stored], v.map(Math.fround), `vector ${i}`);
    assert.ok(v.every((x, k) => Object.is(Math.fround(x), stored[k])), `signs of ${i}`);
  }
  assert.equal(store.vector(vectors.length), undefined);
  // A unit vector whose float32 form is its normalised row shares the row; the others do not.
  assert.equal(store.vector(1)!.buffer, store.data.buffer);
  assert.notEqual(store.vector(0)!.buffer, store.data.buffer);
  assert.equal(store.vector(2)!.buffer, store.data.buffer, "-0 / 1 stays -0");
  assert.notEqual(
    store.vector(3)!.buffer,
    store.data.buffer,
    "a zero row is +0, the stored -0 apart",
  );
});

Deno.test("vector data: many vectors kept apart fill several blocks, each one intact", () => {
  const n = 2500;
  const store = createVectorData(n, true);
  const v = (i: number) => [i + 1, -(i % 13) - 0.5, 2];
  for (let i = 0; i < n; i++) store.put(i, v(i));
  for (let i = 0; i < n; i++) assert.deepEqual([...store.vector(i)!], v(i).map(Math.fround));
});

Deno.test("vector data: other metrics store the vectors as given; other widths are counted, not stored", () => {
  const store = createVectorData(3, false);
  store.put(0, [1, 2, 3]);
  store.put(2, [1, 2]);
  assert.equal(store.width, 3);
  assert.deepEqual([...store.vector(0)!], [1, 2, 3]);
  assert.equal(store.vector(0)!.buffer, store.data.buffer);
  assert.deepEqual([...store.has], [1, 0, 1]);
  assert.deepEqual([...store.lengths], [3, 0, 2]);
});

Deno.test("vector scan: four rows at a time equal one row at a time, bit for bit, any width", () => {
  let seed = 5;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  for (const width of [1, 2, 3, 7, 384]) {
    const size = 23;
    const data = Float32Array.from({ length: size * width }, rand);
    const query = Float32Array.from({ length: width }, rand);
    const has = Uint8Array.from({ length: size }, (_, i) => (i % 5 === 2 ? 0 : 1));
    for (const metric of ["cosine", "dot"] as const) {
      for (const order of [undefined, Int32Array.from([0, 3, 4, 8, 9, 10, 11, 17, 22])]) {
        const top = createTopK({ k: Infinity, capacity: size, descending: false });
        scanDot({ query, data, width, has, order, size, metric, top });
        const { indexes, values } = top.drain();
        const expected = [...(order ?? data.subarray(0, size).map((_, i) => i))]
          .filter((i) => has[i] === 1)
          .map((i) => {
            let dot = 0;
            for (let k = 0; k < width; k++) dot += query[k] * data[i * width + k];
            return { i, d: Math.fround(metric === "cosine" ? 1 - dot : -dot) };
          })
          .sort((a, b) => a.d - b.d || a.i - b.i);
        assert.deepEqual([...indexes], expected.map((e) => e.i), `${metric} ${width}`);
        assert.deepEqual([...values], expected.map((e) => e.d), `${metric} ${width}`);
      }
    }
  }
});
