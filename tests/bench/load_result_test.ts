import assert from "node:assert/strict";
import { parseLoadOutput } from "../../bench/load_result.ts";
import { loadTable, loadTargets } from "../../bench/load_table.ts";

const result = (extra: Record<string, number>) => ({
  duration: 10,
  errors: 0,
  timeouts: 0,
  mismatches: 0,
  non2xx: 0,
  "2xx": 5000,
  ...extra,
});

const output = JSON.stringify({
  autocannon: "9.0.0",
  node: "v20.20.2",
  cases: [
    { id: "near", result: result({}), samples: [3, 1, 2, 4, 100] },
    { id: "meta", result: result({ "2xx": 50000 }), samples: [0.2, 0.1, 0.3] },
    { id: "bad", result: result({ non2xx: 2, errors: 1, mismatches: 4 }), samples: [] },
  ],
});

Deno.test("parseLoadOutput: req/s from 2xx and duration, latency from the float samples", () => {
  const out = parseLoadOutput(`some log line\n${output}\n`);
  assert.equal(out.autocannon, "9.0.0");
  const [near, meta, bad] = out.cases;
  assert.equal(near.rps, 500);
  assert.equal(near.latency.p50, 3);
  assert.equal(near.latency.max, 100);
  assert.equal(near.failures, 0);
  assert.equal(meta.latency.p50, 0.2);
  assert.equal(bad.failures, 7, "non-2xx, errors, timeouts and bad bodies all count");
  assert.ok(Number.isNaN(bad.latency.max));
});

Deno.test("parseLoadOutput: the generator's error and non-JSON output are errors", () => {
  assert.throws(
    () => parseLoadOutput('{"error":"autocannon is not installed: run `npm ci`"}'),
    /load generator: autocannon is not installed/,
  );
  assert.throws(() => parseLoadOutput("Segmentation fault"), /not JSON/);
  assert.throws(() => parseLoadOutput('{"cases":[{"id":1}]}'), /malformed case/);
});

Deno.test("loadTable / loadTargets: ratios against the GET /v1/meta floor, failures flagged", () => {
  const { cases } = parseLoadOutput(output);
  const labels = new Map([["near", "nearVector"], ["meta", "GET /v1/meta (floor)"]]);
  const table = loadTable(cases, labels);
  assert.equal(table.rows[0][0], "nearVector");
  assert.equal(table.rows[0][10], "0.10×");
  assert.equal(table.rows[0][11], "15.00×");
  const lines = loadTargets(cases, labels, "10 connections");
  assert.equal(lines.length, 2, "no line for the floor itself");
  assert.match(
    lines[0],
    /^Load over loopback, nearVector: 500 req\/s, p50 3\.000 .*0 failed requests/,
  );
  assert.match(lines[1], /FAILED: 7 failed requests/);
});
