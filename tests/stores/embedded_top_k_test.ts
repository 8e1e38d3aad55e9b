import assert from "node:assert/strict";
import { createTopK } from "../../src/stores/embedded/top_k.ts";

function reference(values: number[], k: number, descending: boolean): [number, number][] {
  return values.map((v, i): [number, number] => [i, v])
    .sort((a, b) => (descending ? b[1] - a[1] : a[1] - b[1]) || a[0] - b[0])
    .slice(0, k);
}

Deno.test("top-k: the best k in order, ties to the lower index, whatever the offer order", () => {
  let seed = 5;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const n of [0, 1, 7, 100, 1000]) {
    // Few distinct values, so ties are common.
    const values = Array.from({ length: n }, () => Math.floor(rand() * 20) / 4);
    const order = values.map((_, i) => i).sort(() => rand() - 0.5);
    for (const k of [0, 1, 3, 10, Infinity]) {
      for (const descending of [true, false]) {
        const top = createTopK({ k, capacity: n, descending });
        for (const i of order) top.offer(i, values[i]);
        const { indexes, values: kept } = top.drain();
        assert.deepEqual(
          [...indexes].map((i, j) => [i, kept[j]]),
          reference(values, k, descending),
          `n ${n} k ${k} descending ${descending}`,
        );
      }
    }
  }
});
