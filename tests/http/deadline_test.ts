/**
 * The request deadline (`limits.requestTimeoutMs`): it covers the body read (a body that trickles
 * in is abandoned with 408), the queue and our own work (504 when the answer is not ready), and
 * its signal reaches the pipeline (the reranker sees it abort).
 */
import assert from "node:assert/strict";
import { type TestCollection, testGateway } from "../helpers/harness.ts";
import { gatedReranker } from "./gated_reranker.ts";

const Q: TestCollection = {
  class: "Question",
  properties: { answer: "text" },
  moduleConfig: { "reranker-dummy": {} },
  records: [{ id: "d0000000-0000-0000-0000-000000000001", answer: "ab" }],
};

Deno.test("deadline: work that outlives the deadline is answered 504; its signal aborts", async () => {
  const gate = gatedReranker();
  const { app } = await testGateway([Q], {
    // Ample for an in-memory query to reach the reranker; the reranker then outlives it.
    limits: { requestTimeoutMs: 1000 },
    createReranker: () => gate,
  });
  // Safety valve: without a deadline the request would wait for the gate forever.
  const valve = setTimeout(() => gate.open(), 5_000);
  try {
    const res = await app.request("/v1/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: '{Get{Question{answer _additional{rerank(property:"answer" query:"a"){score}}}}}',
      }),
    });
    assert.equal(res.status, 504);
    assert.deepEqual(await res.json(), {
      error: [{ message: "request deadline exceeded: the limit is 1000 ms" }],
    });
    assert.equal(gate.signals.length, 1);
    assert.equal(gate.signals[0].aborted, true, "the pipeline's signal is the deadline's");
  } finally {
    clearTimeout(valve);
    gate.open();
  }
});

Deno.test("deadline: a body that trickles in is abandoned with 408 and its stream cancelled", async () => {
  const { app } = await testGateway([Q], { limits: { requestTimeoutMs: 50 } });
  let cancelled = false;
  let valve: ReturnType<typeof setTimeout> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"query":'));
      // Never more, unless the gateway waits far past its deadline.
      valve = setTimeout(() => {
        try {
          controller.enqueue(new TextEncoder().encode('"{Get{Question{answer}}}"}'));
          controller.close();
        } catch { /* already cancelled */ }
      }, 5_000);
    },
    cancel() {
      cancelled = true;
    },
  });
  try {
    const res = await app.request(
      new Request("http://localhost/v1/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit),
    );
    assert.equal(res.status, 408);
    assert.equal(res.headers.get("connection"), "close", "the rest of the body is not awaited");
    assert.deepEqual(await res.json(), {
      error: [{
        message: "request timeout: the body was not received within the request deadline",
      }],
    });
    assert.ok(cancelled, "the body stream is cancelled");
  } finally {
    clearTimeout(valve);
  }
});

Deno.test("deadline: a deadline already past before the body is read still cancels the body", async () => {
  const { readBodyText } = await import("../../src/graphql/request_body.ts");
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    cancel() {
      cancelled = true;
    },
  });
  const req = new Request(
    "http://localhost/",
    { method: "POST", body, duplex: "half" } as RequestInit,
  );
  await assert.rejects(
    readBodyText(req, { maxBytes: 100, signal: AbortSignal.abort() }),
    /request timeout/,
  );
  assert.ok(cancelled);
});
