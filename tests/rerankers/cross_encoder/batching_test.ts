import assert from "node:assert/strict";
import { padBatch, planBatches, runInBatches } from "../../../src/inference/batching.ts";
import { createScoreCache } from "../../../src/rerankers/cross_encoder/cache.ts";

const input = (n: number) => ({ ids: Array(n).fill(7), typeIds: Array(n).fill(0) });
const signal = () => new AbortController().signal;

Deno.test("batching: length-sorted groups of batchSize, one per group when independent", () => {
  const lengths = [9, 3, 7, 3, 12];
  assert.deepEqual(planBatches(lengths, { batchSize: 2, independent: false, signal: signal() }), [
    [1, 3],
    [2, 0],
    [4],
  ]);
  assert.deepEqual(
    planBatches(lengths, { batchSize: 2, independent: true, signal: signal() }),
    [[1], [3], [2], [0], [4]],
  );
});

Deno.test("batching: dynamic padding to the batch's longest input, mask 0 on pads", () => {
  const t = padBatch([input(2), { ids: [5, 6, 8], typeIds: [0, 1, 1] }]);
  assert.deepEqual(t.input_ids.dims, [2, 3]);
  assert.deepEqual([...t.input_ids.data], [7n, 7n, 0n, 5n, 6n, 8n]);
  assert.deepEqual([...t.attention_mask.data], [1n, 1n, 0n, 1n, 1n, 1n]);
  assert.deepEqual([...t.token_type_ids.data], [0n, 0n, 0n, 0n, 1n, 1n]);
});

Deno.test("batching: results come back in input order", async () => {
  const inputs = [5, 1, 4, 2, 3].map(input);
  const out = await runInBatches(
    inputs,
    (t, rows) => {
      const width = t.input_ids.dims[1];
      return Promise.resolve(
        Array.from({ length: rows }, (_, r) => {
          let n = 0;
          for (let j = 0; j < width; j++) n += Number(t.attention_mask.data[r * width + j]);
          return n;
        }),
      );
    },
    { batchSize: 2, independent: false, signal: signal() },
  );
  assert.deepEqual(out, [5, 1, 4, 2, 3]);
});

Deno.test("batching: an abort between micro-batches stops before the next one", async () => {
  const ctl = new AbortController();
  const reason = new Error("client went away");
  let runs = 0;
  await assert.rejects(
    runInBatches([1, 2, 3, 4].map(input), (_, rows) => {
      runs++;
      // Aborted while the first batch is in flight; the loop must not start the second.
      ctl.abort(reason);
      return Promise.resolve(Array(rows).fill(0));
    }, { batchSize: 1, independent: false, signal: ctl.signal }),
    (err) => err === reason,
  );
  assert.equal(runs, 1);
});

Deno.test("batching: the loop yields to the event loop between micro-batches", async () => {
  const order: string[] = [];
  setTimeout(() => order.push("timer"), 0);
  await runInBatches([1, 2, 3].map(input), (_, rows) => {
    order.push("batch");
    return Promise.resolve(Array(rows).fill(0));
  }, { batchSize: 1, independent: false, signal: signal(), yieldAfterMs: 0 });
  assert.deepEqual(order.slice(0, 2), ["batch", "timer"]);
});

Deno.test("batching: fast batches run back to back until yieldAfterMs of work", async () => {
  const order: string[] = [];
  setTimeout(() => order.push("timer"), 0);
  await runInBatches([1, 2, 3].map(input), (_, rows) => {
    order.push("batch");
    return Promise.resolve(Array(rows).fill(0));
  }, { batchSize: 1, independent: false, signal: signal(), yieldAfterMs: 10_000 });
  assert.deepEqual(order, ["batch", "batch", "batch"]);
});

Deno.test("score cache: LRU eviction, keys separate model, query and document", () => {
  const cache = createScoreCache(2);
  cache.set("m", "q", "a", 1);
  cache.set("m", "q", "b", 2);
  assert.equal(cache.get("m", "q", "a"), 1); // a is now the most recent
  cache.set("m", "q", "c", 3); // evicts b
  assert.equal(cache.get("m", "q", "b"), undefined);
  assert.equal(cache.get("m", "q", "c"), 3);
  assert.equal(cache.get("other", "q", "a"), undefined);
  assert.equal(cache.get("m", "qa", ""), undefined);
  assert.deepEqual(cache.stats(), { hits: 2, misses: 3, size: 2, hitRatio: 0.4 });
  const off = createScoreCache(0);
  off.set("m", "q", "a", 1);
  assert.equal(off.get("m", "q", "a"), undefined);
});
