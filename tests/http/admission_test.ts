/**
 * The concurrency queue: `limits.maxConcurrentRequests` served at once, `limits.maxQueuedRequests`
 * waiting, the next one answered 503 with `Retry-After` at once; probes are never queued.
 */
import assert from "node:assert/strict";
import { createAdmission } from "../../src/http/admission.ts";
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

Deno.test("admission: at most maxConcurrent served, maxQueued waiting, first come first served", async () => {
  const admission = createAdmission(() => ({ maxConcurrent: 2, maxQueued: 2 }));
  const signal = new AbortController().signal;
  const a = await admission.acquire(signal)!;
  const b = await admission.acquire(signal)!;
  const order: string[] = [];
  const c = admission.acquire(signal)!.then((r) => (order.push("c"), r));
  const d = admission.acquire(signal)!.then((r) => (order.push("d"), r));
  assert.equal(admission.acquire(signal), undefined, "no place left");
  assert.deepEqual([admission.active, admission.queued], [2, 2]);
  a();
  a(); // idempotent: frees one slot only
  const releaseC = await c;
  assert.deepEqual(order, ["c"]);
  assert.deepEqual([admission.active, admission.queued], [2, 1]);
  b();
  (await d)();
  releaseC();
  assert.deepEqual(order, ["c", "d"]);
  assert.deepEqual([admission.active, admission.queued], [0, 0]);
});

Deno.test("admission: a waiter whose signal aborts leaves the queue with the reason", async () => {
  const admission = createAdmission(() => ({ maxConcurrent: 1, maxQueued: 1 }));
  const held = await admission.acquire(new AbortController().signal)!;
  const waiting = new AbortController();
  const queued = admission.acquire(waiting.signal)!;
  waiting.abort(new Error("deadline"));
  await assert.rejects(queued, /deadline/);
  assert.equal(admission.queued, 0, "its place is free again");
  const next = admission.acquire(new AbortController().signal);
  assert.ok(next, "a new request may queue");
  held();
  (await next)();
  assert.equal(admission.active, 0);
});

Deno.test("admission: tryAcquire takes a free slot at once, never one a waiter is owed", async () => {
  const admission = createAdmission(() => ({ maxConcurrent: 1, maxQueued: 1 }));
  const first = admission.tryAcquire();
  assert.ok(first);
  assert.equal(admission.tryAcquire(), undefined, "no free slot");
  const waiter = admission.acquire(new AbortController().signal)!;
  first();
  assert.equal(admission.tryAcquire(), undefined, "the freed slot is the waiter's");
  (await waiter)();
  const again = admission.tryAcquire();
  assert.ok(again);
  again();
  assert.equal(admission.active, 0);
});
