/**
 * Request bodies: read as a stream with a byte cap (413 as soon as the cap is passed, the stream
 * cancelled), Content-Length over the cap refused unread, and Content-Type enforced on POST.
 */
import assert from "node:assert/strict";
import { type TestCollection, testGateway } from "../helpers/harness.ts";

const Q: TestCollection = {
  class: "Question",
  properties: { answer: "text" },
  records: [{ id: "d0000000-0000-0000-0000-000000000001", answer: "ab" }],
};

const TOO_LARGE = { error: [{ message: "request body too large: the limit is 1000 bytes" }] };

/** A body that would produce `total` bytes in 100-byte chunks; counts what was pulled. */
function countingBody(total: number, chunk = "x".repeat(100)) {
  const bytes = new TextEncoder().encode(chunk);
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += bytes.length;
      controller.enqueue(bytes);
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, state };
}

function postStream(
  app: Awaited<ReturnType<typeof testGateway>>["app"],
  body: ReadableStream<Uint8Array>,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return app.request(
    new Request("http://localhost/v1/graphql", {
      method: "POST",
      headers,
      body,
      duplex: "half",
    } as RequestInit),
  );
}

Deno.test("body: a chunked body over the cap is 413 after at most the cap, stream cancelled", async () => {
  const { app } = await testGateway([Q], { limits: { maxRequestBytes: 1000 } });
  // 8 MB offered; the gateway must stop reading right after the first 1000 bytes.
  const { stream, state } = countingBody(8 * 1024 * 1024);
  const res = await postStream(app, stream);
  assert.equal(res.status, 413);
  assert.equal(res.headers.get("connection"), "close", "the rest of the body is not awaited");
  assert.deepEqual(await res.json(), TOO_LARGE);
  assert.ok(state.pulled <= 1000 + 2 * 100, `pulled ${state.pulled} bytes`);
  assert.ok(state.cancelled, "the body stream is cancelled");
});

Deno.test("body: the cap counts bytes, not characters", async () => {
  const { app } = await testGateway([Q], { limits: { maxRequestBytes: 1000 } });
  // 600 characters, 1200 bytes of UTF-8: over the cap.
  const body = JSON.stringify({ query: `{Get{Question{answer}}} #${"é".repeat(570)}` });
  assert.ok(body.length <= 1000 && new TextEncoder().encode(body).length > 1000);
  const chunked = await postStream(app, new Blob([body]).stream());
  assert.equal(chunked.status, 413);
  assert.deepEqual(await chunked.json(), TOO_LARGE);
  const plain = await app.request("/v1/graphql/batch", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: `[${body}]`,
  });
  assert.equal(plain.status, 413);
});

Deno.test("body: a Content-Length over the cap is 413 without reading the body", async () => {
  const { app } = await testGateway([Q], { limits: { maxRequestBytes: 1000 } });
  const { stream, state } = countingBody(5000);
  const res = await postStream(app, stream, {
    "content-type": "application/json",
    "content-length": "5000",
  });
  assert.equal(res.status, 413);
  assert.deepEqual(await res.json(), TOO_LARGE);
  assert.equal(state.pulled, 0);
});

Deno.test("body: a body at the cap is accepted; multi-byte characters split across chunks decode", async () => {
  const { app } = await testGateway([Q], { limits: { maxRequestBytes: 1000 } });
  const body = new TextEncoder().encode(
    JSON.stringify({ query: `{Get{Question{answer}}} #${"é".repeat(10)}` }),
  );
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // One byte at a time: every "é" is split between two chunks.
      for (const b of body) controller.enqueue(Uint8Array.of(b));
      controller.close();
    },
  });
  const res = await postStream(app, stream);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { data: { Get: { Question: [{ answer: "ab" }] } } });
});

const UNSUPPORTED = (type: string) => ({
  code: 415,
  message: `unsupported media type ${JSON.stringify(type)}, only [application/json] are allowed`,
});

Deno.test("body: POST needs Content-Type application/json (415 as Weaviate's go-swagger answers)", async () => {
  const { app } = await testGateway([Q]);
  const body = JSON.stringify({ query: "{Get{Question{answer}}}" });
  for (const path of ["/v1/graphql", "/v1/graphql/batch"]) {
    const payload = path.endsWith("batch") ? `[${body}]` : body;
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonx"]) {
      const res = await app.request(path, {
        method: "POST",
        headers: { "content-type": type },
        body: payload,
      });
      assert.equal(res.status, 415, `${path} ${type}`);
      assert.deepEqual(await res.json(), UNSUPPORTED(type));
    }
    // No Content-Type at all: go-openapi reads it as application/octet-stream.
    const none = await app.request(
      new Request(`http://localhost${path}`, {
        method: "POST",
        body: new TextEncoder().encode(payload),
      }),
    );
    assert.equal(none.status, 415);
    assert.deepEqual(await none.json(), UNSUPPORTED("application/octet-stream"));
    for (const type of ["application/json", "Application/JSON; charset=utf-8"]) {
      const ok = await app.request(path, {
        method: "POST",
        headers: { "content-type": type },
        body: payload,
      });
      assert.equal(ok.status, 200, `${path} ${type}`);
      await ok.body?.cancel();
    }
  }
});
