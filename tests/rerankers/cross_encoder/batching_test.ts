import assert from "node:assert/strict";
import { padBatch, planBatches, runInBatches } from "../../../src/inference/batching.ts";
import { createScoreCache } from "../../../src/rerankers/cross_encoder/cache.ts";
import { createRunQueue, QueueFullError } from "../../../src/inference/run_queue.ts";

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

Deno.test("batching: a padded-token budget per run, length-sorted; a long input runs alone", () => {
  const lengths = [30, 10, 12, 200, 11, 40];
  // sorted: 10(1) 11(4) 12(2) 30(0) 40(5) 200(3); budget 40: 3 x 12 = 36, then 30 alone (2 x 40 > 40)
  assert.deepEqual(planBatches(lengths, { tokenBudget: 40, independent: false }), [
    [1, 4, 2],
    [0],
    [5],
    [3],
  ]);
  assert.deepEqual(planBatches(lengths, { tokenBudget: 80, batchSize: 2, independent: false }), [
    [1, 4],
    [2, 0],
    [5],
    [3],
  ]);
  assert.deepEqual(planBatches(lengths, { tokenBudget: 10_000, independent: true }).length, 6);
});

Deno.test("run queue: concurrent requests take turns run by run", async () => {
  const q = createRunQueue({ yieldAfterMs: Infinity });
  const order: string[] = [];
  const tasks = (name: string, n: number) =>
    Array.from({ length: n }, (_, i) => async () => {
      order.push(`${name}${i}`);
      await new Promise((r) => setTimeout(r, 1));
      return i;
    });
  const [a, b] = await Promise.all([
    q.submit(tasks("a", 4), signal()),
    q.submit(tasks("b", 2), signal()),
  ]);
  assert.deepEqual(a, [0, 1, 2, 3]);
  assert.deepEqual(b, [0, 1]);
  assert.deepEqual(order, ["a0", "b0", "a1", "b1", "a2", "a3"]);
});

Deno.test("run queue: bounded per model, and an aborted request drops its remaining runs", async () => {
  const q = createRunQueue({ maxRequests: 1, yieldAfterMs: Infinity });
  const ac = new AbortController();
  let ran = 0;
  const slow = Array.from({ length: 5 }, () => async () => {
    ran++;
    await new Promise((r) => setTimeout(r, 5));
    if (ran === 2) ac.abort(new Error("deadline"));
  });
  const first = q.submit(slow, ac.signal);
  await assert.rejects(q.submit([() => Promise.resolve(1)], signal()), QueueFullError);
  await assert.rejects(first, /deadline/);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(ran, 2);
  assert.equal(q.depth, 0);
  assert.deepEqual(await q.submit([() => Promise.resolve(7)], signal()), [7]);
});

Deno.test("run queue: inFlight 2 keeps the next run queued behind the current one", async () => {
  const q = createRunQueue({ yieldAfterMs: Infinity, inFlight: 2 });
  let now = 0, most = 0;
  const task = (i: number) => async () => {
    most = Math.max(most, ++now);
    await new Promise((r) => setTimeout(r, 2));
    now--;
    return i;
  };
  const out = await q.submit([0, 1, 2, 3, 4].map(task), signal());
  assert.deepEqual(out, [0, 1, 2, 3, 4]);
  assert.equal(most, 2);
});
