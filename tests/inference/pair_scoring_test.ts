import assert from "node:assert/strict";
import { chunkRuns, planPairs, runWidths } from "../../src/inference/pair_scoring.ts";
import { tinyTokenizer } from "../rerankers/cross_encoder/fixture.ts";

const request = (documents: string[], independent = true) => ({
  query: "floating",
  documents,
  independent,
  padId: 0,
});

Deno.test("pair scoring: chunks hold runs up to the token budget, at least one run each", () => {
  assert.deepEqual(chunkRuns([300, 300, 300, 100, 100], 500), [0, 1, 2, 5]);
  // A budget below one run: every run alone; unlimited: one chunk.
  assert.deepEqual(chunkRuns([10, 20, 30], 0), [0, 1, 2, 3]);
  assert.deepEqual(chunkRuns([10, 20, 30], Infinity), [0, 3]);
  assert.deepEqual(chunkRuns([], 100), [0], "no runs, no chunks");
});

Deno.test("pair scoring: planned runs are the batching plan; widths are rows x longest", async () => {
  const tok = await tinyTokenizer();
  const docs = ["a ship can float on water", "Zeppelin", "", "birds fly south in winter"];
  const alone = await planPairs(tok, request(docs));
  assert.equal(alone.plan.length, docs.length);
  assert.deepEqual(runWidths(alone), alone.plan.map(([i]) => alone.inputs[i].ids.length));
  assert.equal(alone.tokens, alone.inputs.reduce((n, x) => n + x.ids.length, 0));
  const batched = await planPairs(tok, { ...request(docs, false), batchSize: 2 });
  assert.equal(batched.plan.length, 2);
  const longest = (g: readonly number[]) => Math.max(...g.map((i) => batched.inputs[i].ids.length));
  assert.deepEqual(runWidths(batched), batched.plan.map((g) => g.length * longest(g)));
});

Deno.test("pair scoring: tokenization yields between slices and stops on abort", async () => {
  const tok = await tinyTokenizer();
  const docs = ["one", "two", "three"];
  const order: string[] = [];
  setTimeout(() => order.push("timer"), 0);
  const planning = planPairs(tok, request(docs), { sliceMs: 0 }).then(() => order.push("planned"));
  await planning;
  assert.deepEqual(order, ["timer", "planned"]);
  const ctl = new AbortController();
  const reason = new Error("client went away");
  setTimeout(() => ctl.abort(reason), 0);
  await assert.rejects(
    planPairs(tok, request(docs), { sliceMs: 0, signal: ctl.signal }),
    (err) => err === reason,
  );
});
