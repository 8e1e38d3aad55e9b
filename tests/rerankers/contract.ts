/**
 * The Reranker contract: every implementation (dummy, Cohere, the HTTP providers, the local
 * cross-encoder once it exists) runs these tests. Remote ones run against local fake servers
 * whose answers come back in a shuffled order, so the index mapping is exercised too.
 */
import assert from "node:assert/strict";
import type { Reranker } from "../../src/core/reranker.ts";

/** A reranker under test plus what the suite needs to observe it. */
export interface ContractSubject {
  readonly reranker: Reranker;
  /** The score the implementation must give `doc` for the query "floating". */
  readonly expected: (doc: string) => number;
  /** Provider calls made so far (0 for in-process rerankers that make none). */
  readonly calls: () => number;
  /** Request headers to send (keys). */
  readonly headers?: Record<string, string>;
  readonly close: () => Promise<void>;
}

/** The page the contract reranks (in-process models precompute their expected scores). */
export const DOCS = ["the Montgolfier brothers", "a hot-air balloon", "", "Zeppelin", "ÉÉ"];

/** Registers the contract tests for one implementation; `setup` runs once per test. */
export function rerankerContract(label: string, setup: () => Promise<ContractSubject>): void {
  const run = (name: string, fn: (s: ContractSubject) => Promise<void>) =>
    Deno.test(`reranker contract (${label}): ${name}`, async () => {
      const subject = await setup();
      try {
        await fn(subject);
      } finally {
        await subject.close();
      }
    });

  run("one score per document, indices cover 0..n-1, mapped by index", async (s) => {
    const scores = await s.reranker.rerank("floating", DOCS, opts(s));
    assert.equal(scores.length, DOCS.length);
    const sorted = [...scores].sort((a, b) => a.index - b.index);
    assert.deepEqual(sorted.map((x) => x.index), [0, 1, 2, 3, 4]);
    assert.deepEqual(sorted.map((x) => x.score), DOCS.map(s.expected));
  });

  run("an empty document list makes no call and returns []", async (s) => {
    const before = s.calls();
    assert.deepEqual(await s.reranker.rerank("floating", [], opts(s)), []);
    assert.equal(s.calls(), before);
  });

  run("an aborted signal rejects with its reason", async (s) => {
    const ctl = new AbortController();
    const reason = new Error("client went away");
    ctl.abort(reason);
    await assert.rejects(
      s.reranker.rerank("floating", DOCS, { ...opts(s), signal: ctl.signal }),
      (err) => err === reason,
    );
  });

  run("pages larger than maxDocuments are split and mapped back in order", async (s) => {
    const max = s.reranker.maxDocuments;
    if (max > 5000) return; // in-process rerankers take any page in one go
    const docs = Array.from({ length: max * 2 + 3 }, (_, i) => "x".repeat(i % 37) + i);
    const before = s.calls();
    const scores = await s.reranker.rerank("floating", docs, opts(s));
    assert.equal(s.calls() - before, 3);
    const byIndex = new Map(scores.map((x) => [x.index, x.score]));
    assert.equal(byIndex.size, docs.length);
    docs.forEach((d, i) => assert.equal(byIndex.get(i), s.expected(d), `index ${i}`));
  });
}

function opts(s: ContractSubject) {
  return { signal: new AbortController().signal, headers: s.headers ?? {} };
}
