import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { blockOrder } from "../../bench/block_order.ts";

Deno.test("blockOrder: every round is a permutation of the handlers", () => {
  for (const n of [1, 2, 4, 5, 6]) {
    for (let r = 0; r < 12; r++) {
      assertEquals([...blockOrder(n, r)].sort((a, b) => a - b), [...Array(n).keys()]);
    }
  }
});

Deno.test("blockOrder: over n - 1 rounds each of 5 handlers follows each other one once", () => {
  const follows = new Map<string, number>();
  for (let r = 0; r < 4; r++) {
    const order = blockOrder(5, r);
    for (let j = 1; j < order.length; j++) {
      const key = `${order[j - 1]}>${order[j]}`;
      follows.set(key, (follows.get(key) ?? 0) + 1);
    }
  }
  // 4 rounds x 4 successions = 16 of the 20 ordered pairs, none twice.
  assertEquals(follows.size, 16);
  assertEquals([...follows.values()].every((v) => v === 1), true);
});
