import assert from "node:assert/strict";
import { parseBenchFlags, writes } from "../../bench/cli_flags.ts";

Deno.test("parseBenchFlags: defaults", () => {
  assert.deepEqual(parseBenchFlags([]), { quick: false, write: false, allQueries: false });
});

Deno.test("parseBenchFlags: every flag", () => {
  const f = parseBenchFlags(["--quick", "--only", "scifact,scaling", "--only", "rerank-quality"]
    .concat(["--model", "models/x", "--all-queries", "--write"]));
  assert.equal(f.quick, true);
  assert.equal(f.write, true);
  assert.equal(f.allQueries, true);
  assert.equal(f.model, "models/x");
  assert.deepEqual([...f.only!], ["scifact", "scaling", "rerank-quality"]);
});

Deno.test("parseBenchFlags: unknown flags and missing values are errors", () => {
  assert.throws(() => parseBenchFlags(["--fast"]), /unknown flag --fast/);
  assert.throws(() => parseBenchFlags(["--model"]), /needs a value/);
  assert.throws(() => parseBenchFlags(["--only", "--quick"]), /needs a value/);
});

Deno.test("bench writes BENCHMARKS.md and charts only on a full run or with --write", () => {
  assert.equal(writes(parseBenchFlags([])), true);
  assert.equal(writes(parseBenchFlags(["--only", "cross-encoder"])), false);
  assert.equal(writes(parseBenchFlags(["--quick"])), false);
  assert.equal(writes(parseBenchFlags(["--only", "cross-encoder", "--write"])), true);
});
