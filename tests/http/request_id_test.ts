/**
 * Internal errors: logged for the operator with a request id (secrets redacted), answered with a
 * generic message carrying the same id; every response has `X-Request-Id`.
 */
import assert from "node:assert/strict";
import { createApp } from "../../src/http/app.ts";
import { fakeServices } from "./fake_services.ts";

function failingApp(lines: string[]) {
  const services = fakeServices({
    ready: () => {
      throw new Error("store exploded at https://user:pw@db.internal/x with Bearer sk-live-123");
    },
  });
  return createApp(services, { log: (line) => lines.push(line) });
}

Deno.test("request id: a 500 is logged with its request id; the answer is generic with that id", async () => {
  const lines: string[] = [];
  const app = failingApp(lines);
  const res = await app.request("/v1/.well-known/ready");
  assert.equal(res.status, 500);
  const id = res.headers.get("x-request-id");
  assert.ok(id && /^[0-9a-f-]{36}$/.test(id), `generated id ${id}`);
  assert.deepEqual(await res.json(), {
    error: [{ message: `internal server error (request id ${id})` }],
  });
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.ok(lines[0].includes(id), lines[0]);
  assert.ok(lines[0].includes("GET /v1/.well-known/ready"), lines[0]);
  assert.ok(lines[0].includes("store exploded"), lines[0]);
  assert.ok(!lines[0].includes("sk-live-123") && !lines[0].includes("user:pw"), lines[0]);
});

Deno.test("request id: a sane incoming X-Request-Id is kept, anything else is replaced", async () => {
  const lines: string[] = [];
  const app = failingApp(lines);
  const kept = await app.request("/v1/.well-known/ready", {
    headers: { "x-request-id": "req-42.abc_DEF:7" },
  });
  assert.equal(kept.headers.get("x-request-id"), "req-42.abc_DEF:7");
  assert.ok(lines[0].includes("req-42.abc_DEF:7"));
  for (const bad of ["a b", "x".repeat(201), "<script>", "id\u00e9"]) {
    const res = await app.request("/v1/.well-known/ready", { headers: { "x-request-id": bad } });
    const id = res.headers.get("x-request-id");
    assert.ok(id && id !== bad && /^[0-9a-f-]{36}$/.test(id), `${bad} -> ${id}`);
    await res.body?.cancel();
  }
});

Deno.test("request id: ordinary answers carry X-Request-Id too", async () => {
  const app = createApp(fakeServices());
  for (const path of ["/v1/meta", "/v1/.well-known/live", "/nowhere"]) {
    const res = await app.request(path);
    assert.match(res.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/, path);
    await res.body?.cancel();
  }
});

Deno.test("request id: a fault inside a query (not a query error) is logged with the id", async () => {
  const lines: string[] = [];
  const services = fakeServices();
  const note = services.collections.get("Note")!;
  const broken = new Map(services.collections).set("Note", {
    ...note,
    retriever: {
      ...note.retriever,
      retrieve: () => Promise.reject(new TypeError("Cannot read properties of undefined (x)")),
    },
  });
  const app = createApp({ ...services, collections: broken }, { log: (l) => lines.push(l) });
  const res = await app.request("/v1/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": "q-1" },
    body: JSON.stringify({ query: "{Get{Note{body}}}" }),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-request-id"), "q-1");
  await res.body?.cancel();
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(lines[0], /request q-1: POST \/v1\/graphql: internal error: TypeError: Cannot read/);
});
