import assert from "node:assert/strict";
import { formatProgress, progressBar } from "../../src/models/progress.ts";
import { parseArgs } from "../../src/cli/models.ts";

Deno.test("progress: the bar shows bytes/total and percent", () => {
  const line = formatProgress({
    file: "model.onnx",
    received: 1048576,
    total: 4194304,
    done: false,
  }, 8);
  assert.equal(line, "model.onnx [##------] 1.0/4.0 MiB 25%");
  assert.equal(formatProgress({ file: "a", received: 524288, done: false }), "a 0.5 MiB");
});

Deno.test("progress: redraws are throttled, the final one always written", () => {
  let t = 0;
  const lines: string[] = [];
  const sink = progressBar((s) => lines.push(s), { intervalMs: 100, now: () => t });
  for (let i = 0; i < 10; i++, t += 30) sink({ file: "f", received: i, total: 10, done: false });
  sink({ file: "f", received: 10, total: 10, done: true });
  assert.equal(lines.length, 4);
  assert.ok(lines.at(-1)!.endsWith("\n"));
});

Deno.test("models cli: options and positional arguments", () => {
  const { positional, options } = parseArgs(["tiny", "--out", "x", "--seed=3", "minilm-l6"]);
  assert.deepEqual(positional, ["tiny", "minilm-l6"]);
  assert.deepEqual([...options], [["out", "x"], ["seed", "3"]]);
  assert.throws(() => parseArgs(["--out"]), /needs a value/);
});
