import assert from "node:assert/strict";
import {
  remoteHeadlineTable,
  type RemoteRow,
  remoteTargets,
} from "../../bench/remote_rerank_tables.ts";

/** rerank() p50/p99 as given; the whole request takes 2 ms (p50) / 4 ms (p99) more. */
const times = (p50: number, p99: number) => ({
  total: { n: 10, p50: p50 + 2, p99: p99 + 4, mean: p50 + 2 },
  rerank: { n: 10, p50, p99, mean: p50 },
});

const row = (size: number, cohereP50: number, cohereP99: number): RemoteRow => ({
  size,
  iterations: 10,
  delayedIterations: 10,
  dummy: times(0.5, 1),
  cohere: times(cohereP50, cohereP99),
  delayed: times(53, 60),
  callsPerRequest: Math.ceil(size / 1000),
  fakeMsPerCall: 0.1,
  delayedFakeMsPerCall: 0.1,
  delayedWaitMs: 51,
});

Deno.test("remote rerank tables: added = Cohere's rerank() minus the dummy's, minus the wait", () => {
  const table = remoteHeadlineTable([row(10, 1.5, 11)], 50);
  const [cells] = table.rows;
  assert.equal(cells[4], "1.000", "added p50");
  assert.equal(cells[5], "10.000", "added p99");
  assert.equal(cells[6], "1.000", "whole request: (1.5 + 2) - (0.5 + 2)");
  assert.equal(cells[7], "1.500", "53 - 0.5 - the fake's actual wait of 51");
  assert.equal(cells[9], "met: 0.25% of 400 ms, 0.67% of 1.5 s");
});

Deno.test("remote rerank tables: G13 applies up to 100 documents and can be missed", () => {
  const lines = remoteTargets([row(10, 1.5, 5), row(100, 498.5, 10), row(1500, 28.5, 40)]);
  assert.match(
    lines[0],
    /^G13 .*, 10 documents \(1 Cohere call\), .*added p50 1\.000 ms .*\(met\)$/,
  );
  assert.match(lines[1], /^G13 .*, 100 documents .*added p50 498\.000 ms .*\(MISSED\)$/);
  assert.match(lines[2], /, 1,500 documents \(2 Cohere calls\), .*p50 28\.000 .*≤ 100 documents/);
  const keys = lines.map((l) => l.split(":")[0]);
  assert.equal(new Set(keys).size, 3, "each line's key (text before the first colon) is its own");
});
