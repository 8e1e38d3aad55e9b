import assert from "node:assert/strict";
import { Hono } from "hono";
import { CORS_ALLOW_HEADERS, createCorsMiddleware } from "../../src/http/cors.ts";
import { fakeServices, testApp } from "./fake_services.ts";

function assertCors(res: Response): void {
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.equal(res.headers.get("access-control-allow-methods"), "*");
  assert.equal(res.headers.get("access-control-allow-headers"), CORS_ALLOW_HEADERS);
}

Deno.test("cors: Weaviate's default allowed headers, provider keys included", () => {
  const names = CORS_ALLOW_HEADERS.split(", ");
  assert.deepEqual(names.slice(0, 3), ["Content-Type", "Authorization", "Batch"]);
  for (
    const h of ["X-Cohere-Api-Key", "X-Cohere-Baseurl", "X-Openai-Api-Key", "X-Jinaai-Api-Key"]
  ) assert.ok(names.includes(h), h);
  assert.equal(new Set(names).size, names.length);
});

Deno.test("cors: OPTIONS on any path -> 200, empty body, CORS headers", async () => {
  const app = testApp(fakeServices());
  for (const path of ["/v1/graphql", "/v1/meta", "/nowhere"]) {
    const res = await app.request(path, {
      method: "OPTIONS",
      headers: { origin: "http://example.test", "access-control-request-method": "POST" },
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "");
    assertCors(res);
  }
});

Deno.test("cors: headers on normal, 404 and redirect responses", async () => {
  const app = testApp(fakeServices());
  assertCors(await app.request("/v1/meta"));
  assertCors(await app.request("/v1/schema/Nope"));
  assertCors(await app.request("/unknown"));
  assertCors(await app.request("/"));
  assertCors(await app.request("/v1/graphql", { method: "POST", body: "{}" }));
});

Deno.test("cors: headers are added to a handler's own (even immutable) Response", async () => {
  const app = new Hono();
  app.use("*", createCorsMiddleware());
  app.get("/raw", () => new Response("x"));
  app.get("/redirect", () => Response.redirect("http://localhost/elsewhere", 302));
  assertCors(await app.request("/raw"));
  const res = await app.request("/redirect");
  assert.equal(res.status, 302);
  assertCors(res);
});

Deno.test("cors: errors thrown by handlers still carry the headers", async () => {
  const app = new Hono();
  app.use("*", createCorsMiddleware());
  app.get("/boom", () => {
    throw new Error("boom");
  });
  app.onError(() => new Response("failed", { status: 500 }));
  const res = await app.request("/boom");
  assert.equal(res.status, 500);
  assertCors(res);
});
