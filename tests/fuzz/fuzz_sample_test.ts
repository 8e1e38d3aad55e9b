/**
 * A 2,000-case sample of `deno task bench:fuzz` (same generators, same invariants, fixed seed, in
 * process): no 5xx, no answer over 2 s, Weaviate-shaped JSON bodies, the operator key kept home.
 * On failure the message lists each broken invariant with fast-check's shrunk counterexample.
 */
import assert from "node:assert/strict";
import fc from "npm:fast-check@4.11.0";
import { fuzzCaseArb } from "../../bench/fuzz/arbitraries.ts";
import { describeFailures, runFuzz } from "../../bench/fuzz/run.ts";

/** The sample's seed: fixed, so the same 2,000 requests are sent on every run. */
const SEED = 20261202;

Deno.test("fuzz generators are deterministic for a seed", () => {
  const a = fc.sample(fuzzCaseArb, { seed: SEED, numRuns: 30 });
  const b = fc.sample(fuzzCaseArb, { seed: SEED, numRuns: 30 });
  assert.deepEqual(a, b);
});

Deno.test("fuzz sample: 2,000 hostile requests keep every invariant", async () => {
  const report = await runFuzz({ cases: 2000, seed: SEED, shrinkBudgetMs: 3000 });
  assert.equal(report.cases, 2000);
  assert.ok(report.failures.length === 0, `\n${describeFailures(report, 800)}`);
});
