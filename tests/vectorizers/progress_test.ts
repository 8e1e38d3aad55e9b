import assert from "node:assert/strict";
import { formatVectorizeProgress, stderrProgress } from "../../src/core/vectorize_progress.ts";

Deno.test("vectorize progress: a bar with counts, throttled, always the last line", () => {
  assert.equal(
    formatVectorizeProgress("Article", 512, 1024, 10),
    "vectorizing Article [#####-----] 512/1024 50%",
  );
  const lines: string[] = [];
  let t = 0;
  const p = stderrProgress("A", { write: (l) => lines.push(l), intervalMs: 100, now: () => t });
  p(10, 30);
  t = 50;
  p(20, 30); // throttled
  t = 60;
  p(30, 30); // the final line is never throttled
  assert.deepEqual(lines.map((l) => l.split(" ").at(-2)), ["10/30", "30/30"]);
});
