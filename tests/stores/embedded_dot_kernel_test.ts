import assert from "node:assert/strict";
import {
  compileKernel,
  KERNEL_BYTES_TS,
  KERNEL_WAT,
  kernelModuleText,
} from "../../tools/wasm/dot_kernel_build.ts";
import {
  createDotKernel,
  KERNEL_CHUNK,
  KERNEL_MIN_FLOATS,
} from "../../src/stores/embedded/dot_kernel.ts";
import { createVectorData } from "../../src/stores/embedded/vector_data.ts";
import { scanDot } from "../../src/stores/embedded/vector_scan.ts";
import { createTopK, type TopKResult } from "../../src/stores/embedded/top_k.ts";

const root = new URL("../../", import.meta.url);

function random(seed: number): () => number {
  return () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
}

/** The one-row loop every kernel sum must equal bit for bit. */
function oneRow(q: Float32Array, data: Float32Array, width: number, row: number): number {
  let dot = 0;
  for (let k = 0; k < width; k++) dot += q[k] * data[row * width + k];
  return dot;
}

Deno.test("dot kernel: the committed bytes are what wabt compiles dot_kernel.wat to", async () => {
  const wat = await Deno.readTextFile(new URL(KERNEL_WAT, root));
  const committed = await Deno.readTextFile(new URL(KERNEL_BYTES_TS, root));
  assert.equal(committed, kernelModuleText(await compileKernel(wat)), "run `deno task kernel`");
});

Deno.test("dot kernel: every sum is bit-equal to the one-row loop, any width, row list and count", () => {
  const rand = random(9);
  for (const width of [1, 2, 3, 4, 5, 7, 8, 13, 16, 384]) {
    const size = 41;
    const kernel = createDotKernel({ floats: size * width, width, force: true });
    assert.ok(kernel, "this runtime compiles WebAssembly");
    for (let i = 0; i < size * width; i++) kernel.data[i] = rand() * (i % 7 === 0 ? 1e3 : 1);
    const q = Float32Array.from({ length: width }, rand);
    kernel.setQuery(q);
    for (const count of [1, 7, 8, 9, 16, 23, size]) {
      // Rows in any order, repeats allowed.
      for (let j = 0; j < count; j++) kernel.rows[j] = (j * 17 + count) % size;
      const picked = [...kernel.rows.subarray(0, count)];
      const sums = kernel.run(count);
      assert.equal(sums.length, count);
      picked.forEach((row, j) => {
        assert.ok(
          Object.is(sums[j], oneRow(q, kernel.data, width, row)),
          `width ${width}, count ${count}, row ${row}: ${sums[j]}`,
        );
      });
    }
    assert.equal(kernel.run(0).length, 0);
  }
});

Deno.test("dot kernel: none below the size where it pays, none for rows past one 4 GiB memory", () => {
  assert.equal(createDotKernel({ floats: KERNEL_MIN_FLOATS - 1, width: 3 }), undefined);
  assert.ok(createDotKernel({ floats: KERNEL_MIN_FLOATS, width: 3 }));
  assert.equal(createDotKernel({ floats: 2 ** 30, width: 384 }), undefined, "4 GiB of rows");
  assert.equal(createDotKernel({ floats: 10, width: 0, force: true }), undefined);
  assert.equal(createVectorData(10, true).kernel, undefined, "small: plain Float32Array");
  const large = createVectorData(KERNEL_MIN_FLOATS / 4, true);
  large.put(0, [1, 2, 3, 4]);
  assert.ok(large.kernel, "large enough: rows in the kernel's memory");
  assert.equal(large.data, large.kernel.data);
  assert.deepEqual([...large.vector(0)!], [1, 2, 3, 4].map(Math.fround));
});

Deno.test("vector scan: the kernel gives the same hits and distances as the JavaScript scan", () => {
  const rand = random(21);
  // 9,000 rows: more than two kernel chunks, with gaps and a candidate subset.
  for (const width of [3, 64]) {
    const size = 9_000;
    const kernel = createDotKernel({ floats: size * width, width, force: true })!;
    const data = kernel.data;
    for (let i = 0; i < data.length; i++) data[i] = rand();
    const plain = Float32Array.from(data);
    const query = Float32Array.from({ length: width }, rand);
    const has = Uint8Array.from({ length: size }, (_, i) => (i % 11 === 4 ? 0 : 1));
    const subset = Int32Array.from({ length: 5_000 }, (_, j) => j * 2 - (j % 3 === 0 ? 1 : 0))
      .filter((i) => i >= 0 && i < size);
    for (const metric of ["cosine", "dot"] as const) {
      for (const order of [undefined, subset]) {
        for (const k of [10, Infinity]) {
          const run = (withKernel: boolean): TopKResult => {
            const top = createTopK({ k, capacity: size, descending: false });
            const common = { query, width, has, order, size, metric, top };
            if (withKernel) scanDot({ ...common, data, kernel });
            else scanDot({ ...common, data: plain });
            return top.drain();
          };
          const a = run(true), b = run(false);
          const what = `${metric} width ${width} ${order ? "subset" : "all"} k ${k}`;
          assert.ok(a.indexes.length > 0, what);
          assert.deepEqual([...a.indexes], [...b.indexes], what);
          assert.deepEqual([...a.values], [...b.values], what);
        }
      }
    }
  }
});

Deno.test("vector scan: an aborted request stops the kernel scan", () => {
  const width = 8, size = 3 * KERNEL_CHUNK;
  const kernel = createDotKernel({ floats: size * width, width, force: true })!;
  const signal = AbortSignal.abort(new Error("client went away"));
  const top = createTopK({ k: 10, capacity: size, descending: false });
  const query = new Float32Array(width).fill(1);
  const has = new Uint8Array(size).fill(1);
  assert.throws(
    () =>
      scanDot({ query, data: kernel.data, width, has, size, metric: "dot", top, signal, kernel }),
    /client went away/,
  );
});
