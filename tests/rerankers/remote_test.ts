import assert from "node:assert/strict";
import { isPrivateHost } from "../../src/remote/base_url.ts";
import { checkScores, rerankInBatches } from "../../src/rerankers/batching.ts";
import { callWithRetry, parseRetryAfter, ProviderError } from "../../src/remote/policy.ts";
import { maskUrl, redactSecrets } from "../../src/remote/redact.ts";

Deno.test("remote: Retry-After as seconds or HTTP date", () => {
  const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
  assert.equal(parseRetryAfter("3", now), 3000);
  assert.equal(parseRetryAfter("Wed, 21 Oct 2026 07:28:05 GMT", now), 5000);
  assert.equal(parseRetryAfter("Wed, 21 Oct 2026 07:27:00 GMT", now), 0);
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter("soon", now), undefined);
});

Deno.test("remote: keys, bearer tokens and URL userinfo are masked", () => {
  assert.equal(maskUrl('Post "https://u:p@host/v2/rerank"'), 'Post "https://***@host/v2/rerank"');
  assert.equal(
    redactSecrets("bad key sk-abcdef (Authorization: Bearer sk-abcdef)", ["sk-abcdef"]),
    "bad key *** (Authorization: Bearer ***)",
  );
});

Deno.test("remote: non-retryable errors fail after one attempt", async () => {
  let calls = 0;
  await assert.rejects(
    callWithRetry(() => {
      calls++;
      return Promise.reject(new ProviderError("fail with status 400", { status: 400 }));
    }, { signal: new AbortController().signal, timeoutMs: 1000, label: "x" }),
    { message: "fail with status 400" },
  );
  assert.equal(calls, 1);
});

Deno.test("remote: a 503 is retried once and the second answer wins", async () => {
  let calls = 0;
  const got = await callWithRetry(() => {
    calls++;
    return calls === 1
      ? Promise.reject(new ProviderError("busy", { status: 503, retryAfterMs: 0 }))
      : Promise.resolve("ok");
  }, { signal: new AbortController().signal, timeoutMs: 1000, label: "x" });
  assert.equal(got, "ok");
  assert.equal(calls, 2);
});

Deno.test("base URL: private, loopback and internal hosts are recognised", () => {
  for (
    const host of [
      "localhost",
      "127.0.0.1",
      "10.0.0.8",
      "172.20.1.1",
      "192.168.1.1",
      "169.254.169.254",
      "[::1]",
      "[fd00::1]",
      "[fe80::1]",
      "[::ffff:a00:1]",
      "db.internal",
      "printer.local",
      "0.0.0.0",
    ]
  ) {
    assert.equal(isPrivateHost(host), true, host);
  }
  for (const host of ["api.cohere.com", "8.8.8.8", "172.32.0.1", "[2606:4700::1111]"]) {
    assert.equal(isPrivateHost(host), false, host);
  }
});

Deno.test("batching: chunks run in parallel and the first failure aborts the others", async () => {
  const seen: AbortSignal[] = [];
  await assert.rejects(
    rerankInBatches(["a", "b", "c"], (chunk, signal) => {
      seen.push(signal);
      return chunk[0] === "b"
        ? Promise.reject(new Error("boom"))
        : new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    }, { maxDocuments: 1, signal: new AbortController().signal }),
    { message: "boom" },
  );
  assert.equal(seen.length, 3);
  assert.ok(seen.every((s) => s.aborted));
});

Deno.test("batching: duplicate or out-of-range indices are errors", () => {
  assert.throws(
    () => checkScores([{ index: 0, score: 1 }, { index: 0, score: 2 }], 2),
    { message: "reranker returned an invalid or duplicate index 0" },
  );
  assert.throws(() => checkScores([{ index: 5, score: 1 }], 1), /invalid or duplicate index 5/);
});
