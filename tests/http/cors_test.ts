import assert from "node:assert/strict";
import { Hono } from "hono";
import { createAdmission } from "../../src/http/admission.ts";
import { CORS_ALLOW_HEADERS } from "../../src/http/cors.ts";
import { createFrontDoor } from "../../src/http/front_door.ts";
import { fakeServices, testApp } from "./fake_services.ts";

/** A preflight's answer: all three headers, Weaviate's allowed-header list included. */
function assertPreflightCors(res: Response): void {
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.equal(res.headers.get("access-control-allow-methods"), "*");
  assert.equal(res.headers.get("access-control-allow-headers"), CORS_ALLOW_HEADERS);
}

/**
 * Any other answer: origin and methods; the allowed-header list, which browsers read only from a
 * preflight's answer, is not repeated (src/http/cors.ts).
 */
function assertCors(res: Response): void {
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.equal(res.headers.get("access-control-allow-methods"), "*");
  assert.equal(res.headers.get("access-control-allow-headers"), null);
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
    assertPreflightCors(res);
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

/** A front door over `routes` (fake services, an open queue). */
function frontDoorOver(routes: Hono): (req: Request) => Promise<Response> {
  const services = fakeServices();
  return createFrontDoor({
    source: { current: () => services },
    routesFor: () => routes,
    admission: createAdmission(() => ({ maxConcurrent: 10, maxQueued: 10 })),
    log: () => {},
  });
}

Deno.test("cors: headers are added to a route's own (even immutable) Response", async () => {
  const routes = new Hono();
  routes.get("/raw", () => new Response("x"));
  routes.get("/redirect", () => Response.redirect("http://localhost/elsewhere", 302));
  const door = frontDoorOver(routes);
  assertCors(await door(new Request("http://localhost/raw")));
  const res = await door(new Request("http://localhost/redirect"));
  assert.equal(res.status, 302);
  assert.equal(res.headers.get("location"), "http://localhost/elsewhere");
  assertCors(res);
});

Deno.test("cors: a route's own CORS header is kept", async () => {
  const routes = new Hono();
  routes.get("/own", (c) => c.body("x", 200, { "Access-Control-Allow-Origin": "https://a.test" }));
  const res = await frontDoorOver(routes)(new Request("http://localhost/own"));
  assert.equal(res.headers.get("access-control-allow-origin"), "https://a.test");
  assert.equal(res.headers.get("access-control-allow-methods"), "*");
});

Deno.test("cors: errors thrown by routes, and the front door's own answers, carry the headers", async () => {
  const routes = new Hono();
  routes.get("/boom", () => {
    throw new Error("boom");
  });
  const door = frontDoorOver(routes);
  const res = await door(new Request("http://localhost/boom"));
  assert.equal(res.status, 500);
  assertCors(res);
  await res.body?.cancel();
  // A full queue's 503 is the front door's own.
  const full = createFrontDoor({
    source: { current: () => fakeServices() },
    routesFor: () => routes,
    admission: createAdmission(() => ({ maxConcurrent: 0, maxQueued: 0 })),
    log: () => {},
  });
  const refused = await full(new Request("http://localhost/boom"));
  assert.equal(refused.status, 503);
  assertCors(refused);
  await refused.body?.cancel();
});

Deno.test("cors: a preflight is answered before the queue and the routes", async () => {
  const full = createFrontDoor({
    source: { current: () => fakeServices() },
    routesFor: () => {
      throw new Error("the routes are not reached");
    },
    admission: createAdmission(() => ({ maxConcurrent: 0, maxQueued: 0 })),
    log: () => {},
  });
  const res = await full(new Request("http://localhost/v1/graphql", { method: "OPTIONS" }));
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "");
  assertPreflightCors(res);
});
