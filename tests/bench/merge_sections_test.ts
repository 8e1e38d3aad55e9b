import assert from "node:assert/strict";
import { keepsExisting, mergeSections } from "../../bench/merge_sections.ts";

const existing = `# Benchmarks

Old preamble.

## 1. Gateway overhead

gateway body

## 2. Load over loopback

old load body

## 3. Closing note: ratios against the targets

Load average (1 / 5 / 15 min) before the run: 1 / 1 / 1.

Targets from the spec, as measured above:

- G11 gateway overhead, limit 10: own p50 0.3 ms
- Load over loopback, nearVector: 500 req/s

<!-- bench:workers -->

## Workers (workerd via wrangler dev)

workers body
`;

const fresh = `# Benchmarks

New preamble.

## 1. Load over loopback

new load body

## 2. Remote reranker overhead

remote body

## 3. Closing note: ratios against the targets

Load average (1 / 5 / 15 min) before the run: 2 / 2 / 2.

Targets from the spec, as measured above:

- Load over loopback, nearVector: 700 req/s
- G13 remote rerank path, 10 documents: added p50 1 ms
`;

Deno.test("mergeSections: replaces and appends sections, keeps the others and the Workers part", () => {
  const out = mergeSections(existing, fresh);
  assert.match(out, /^# Benchmarks\n\nNew preamble\.\n\n## 1\. Gateway overhead\n\ngateway body\n/);
  assert.match(
    out,
    /## 2\. Load over loopback\n\nnew load body\n\n## 3\. Remote reranker overhead/,
  );
  assert.doesNotMatch(out, /old load body/);
  assert.match(out, /## 4\. Closing note: ratios against the targets/);
  assert.ok(
    out.endsWith(
      "<!-- bench:workers -->\n\n## Workers (workerd via wrangler dev)\n\nworkers body\n",
    ),
  );
  assert.match(out, /\n\n<!-- bench:workers -->/);
});

Deno.test("mergeSections: closing-note lines are replaced by key, new ones appended", () => {
  const out = mergeSections(existing, fresh);
  const bullets = out.split("\n").filter((l) => l.startsWith("- "));
  assert.deepEqual(bullets, [
    "- G11 gateway overhead, limit 10: own p50 0.3 ms",
    "- Load over loopback, nearVector: 700 req/s",
    "- G13 remote rerank path, 10 documents: added p50 1 ms",
  ]);
  assert.match(out, /Load average \(1 \/ 5 \/ 15 min\) before the run: 1 \/ 1 \/ 1\./);
  assert.match(
    out,
    /\*\*Re-run alone:\*\* "Load over loopback", "Remote reranker overhead".*2 \/ 2 \/ 2/,
  );
});

Deno.test("mergeSections: merging twice keeps one re-run paragraph and one line per key", () => {
  const twice = mergeSections(mergeSections(existing, fresh), fresh);
  assert.equal(twice, mergeSections(existing, fresh));
});

Deno.test("a skipped section in a partial run keeps the measured one; a full run writes it", () => {
  const skipped = { skipped: "models/synthetic-minilm-l6/tokenizer.json not found" };
  assert.equal(keepsExisting(skipped, true), true);
  assert.equal(keepsExisting(skipped, false), false);
  assert.equal(keepsExisting({}, true), false);
});

Deno.test("mergeSections: a line whose key differs only by a count replaces the old one; the placeholder goes", () => {
  const withStale = existing.replace(
    "- Load over loopback, nearVector: 500 req/s",
    "- Load over loopback, nearVector: 500 req/s\n- rerank quality (3 queries): nDCG 0.1\n" +
      "- (no section reported a target)",
  );
  const rerun = fresh.replace(
    "- Load over loopback, nearVector: 700 req/s",
    "- Load over loopback, nearVector: 700 req/s\n- rerank quality (10 queries): nDCG 0.2\n" +
      "- (no section reported a target)",
  );
  const bullets = mergeSections(withStale, rerun).split("\n").filter((l) => l.startsWith("- "));
  assert.deepEqual(bullets.filter((b) => b.startsWith("- rerank quality")), [
    "- rerank quality (10 queries): nDCG 0.2",
  ]);
  assert.equal(bullets.includes("- (no section reported a target)"), false);
});
