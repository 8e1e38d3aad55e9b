/**
 * The concurrency queue: `limits.maxConcurrentRequests` served at once, `limits.maxQueuedRequests`
 * waiting, the next one answered 503 with `Retry-After` at once; probes are never queued.
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

const RERANKED = '{Get{Question{answer _additional{rerank(property:"answer" query:"a"){score}}}}}';

function post(app: Awaited<ReturnType<typeof testGateway>>["app"]): Promise<Response> {
  return Promise.resolve(app.fetch(
    new Request("http://localhost/v1/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: RERANKED }),
    }),
  ));
}

Deno.test("admission: a full queue answers 503 + Retry-After at once; the others finish", async () => {
  const gate = gatedReranker();
  const { app } = await testGateway([Q], {
    limits: { maxConcurrentRequests: 1, maxQueuedRequests: 1 },
    createReranker: () => gate,
  });
  try {
    const first = post(app); // served: held in the reranker
    await gate.started(1);
    const second = post(app); // queued
    const third = post(app); // no place left
    // Without a queue the third request would reach the reranker too; race the two outcomes.
    const outcome = await Promise.race([
      third.then((res) => ({ res })),
      gate.started(2).then(() => ({ res: undefined })),
    ]);
    assert.ok(outcome.res, "the third request is answered before any other reaches the reranker");
    assert.equal(outcome.res.status, 503);
    assert.equal(outcome.res.headers.get("retry-after"), "1");
    assert.deepEqual(await outcome.res.json(), {
      error: [{ message: "too many requests in flight, retry later" }],
    });
    // Probes are never queued.
    assert.equal((await app.request("/v1/.well-known/live")).status, 200);
    assert.equal(gate.signals.length, 1, "the queued request waits for the slot");
    gate.open();
    assert.equal((await first).status, 200);
    assert.equal((await second).status, 200);
    assert.equal(gate.signals.length, 2);
  } finally {
    gate.open();
  }
});
