/**
 * The front door over hand-made routes: what request the routes see (the client's own for a
 * bodiless request of a normal path, a copy carrying the deadline's signal otherwise), the
 * deadline's 504 and its signal (a manual clock: no real time passes), and the queue bound.
 */
import assert from "node:assert/strict";
import type { Context } from "hono";
import { Hono } from "hono";
import { createAdmission } from "../../src/http/admission.ts";
import { createFrontDoor, type RequestEnv } from "../../src/http/front_door.ts";
import { createGatewayMetrics } from "../../src/http/metrics.ts";
import type { Services } from "../../src/pipeline/services.ts";
import { fakeServices } from "./fake_services.ts";
import { manualClock } from "./manual_clock.ts";

interface Seen {
  readonly raw: Request;
  readonly env: RequestEnv;
}

function door(routes: Hono, opts: { maxConcurrent?: number; services?: Services } = {}) {
  const services = opts.services ?? fakeServices();
  const clock = manualClock();
  const front = createFrontDoor({
    source: { current: () => services },
    routesFor: () => routes,
    admission: createAdmission(() => ({ maxConcurrent: opts.maxConcurrent ?? 10, maxQueued: 0 })),
    log: () => {},
    metrics: createGatewayMetrics(),
    clock,
  });
  return { front, clock };
}

/** Routes that record what they were handed and answer 200 with the path they saw. */
function recordingRoutes(seen: Seen[]): Hono {
  const routes = new Hono();
  const record = async (c: Context) => {
    seen.push({ raw: c.req.raw, env: c.env as RequestEnv });
    if (c.req.method === "POST") await c.req.text();
    return c.text(c.req.path);
  };
  routes.get("*", record);
  routes.post("*", record);
  return routes;
}

Deno.test("front door: a GET of a normal path reaches the routes as it came", async () => {
  const seen: Seen[] = [];
  const { front } = door(recordingRoutes(seen));
  const req = new Request("http://localhost/v1/meta?x=1");
  const res = await front(req);
  assert.equal(await res.text(), "/v1/meta");
  assert.equal(seen[0].raw, req, "not copied");
  assert.notEqual(seen[0].env.signal, req.signal, "the deadline's signal is in env");
  assert.equal(seen[0].env.signal.aborted, false);
});

Deno.test("front door: a path that is not normal reaches the routes normalised", async () => {
  const seen: Seen[] = [];
  const { front } = door(recordingRoutes(seen));
  for (const path of ["//v1//meta/", "/v1/%6Deta", "/v1/x/../meta"]) {
    const res = await front(new Request(`http://localhost${path}?q=2`));
    assert.equal(await res.text(), "/v1/meta", path);
  }
  assert.ok(seen.every((s) => new URL(s.raw.url).search === "?q=2"), "the query is kept");
});

Deno.test("front door: a POST of a normal path reaches the routes as it came, the deadline's signal in env", async () => {
  const seen: Seen[] = [];
  const { front, clock } = door(recordingRoutes(seen));
  const req = new Request("http://localhost/v1/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", "x-custom": "kept" },
    body: '{"query":"{Get{A{b}}}"}',
  });
  const res = await front(req);
  assert.equal(res.status, 200);
  const { raw, env } = seen[0];
  assert.equal(raw, req, "no copy of the request");
  assert.notEqual(env.signal, raw.signal);
  assert.equal(raw.headers.get("x-custom"), "kept");
  assert.equal(raw.method, "POST");
  // The request is done: its deadline was cancelled and can no longer abort anything.
  assert.equal(clock.cancelled, 1);
  assert.equal(raw.signal.aborted, false);
  assert.equal(env.signal.aborted, false);
});

Deno.test("front door: a deadline that passes answers 504 and aborts the routes' signal", async () => {
  const seen: Seen[] = [];
  const routes = new Hono();
  let reached!: () => void;
  const reachedRoute = new Promise<void>((resolve) => (reached = resolve));
  routes.post("/v1/graphql", (c) => {
    seen.push({ raw: c.req.raw, env: c.env as RequestEnv });
    reached();
    // Work that never ends on its own: only the deadline stops it.
    return new Promise<Response>(() => {});
  });
  const { front, clock } = door(routes);
  const answer = front(
    new Request("http://localhost/v1/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }),
  );
  await reachedRoute;
  clock.started[0].expire();
  const res = await answer;
  assert.equal(res.status, 504);
  assert.ok(res.headers.get("x-request-id"));
  assert.deepEqual(await res.json(), {
    error: [{ message: "request deadline exceeded: the limit is 60000 ms" }],
  });
  assert.equal(seen[0].env.signal.aborted, true, "the routes' deadline signal");
  assert.equal((seen[0].env.signal.reason as DOMException).name, "TimeoutError");
});

Deno.test("front door: a full queue answers 503 + Retry-After; probes and finished slots go on", async () => {
  const routes = new Hono();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const reachedRoute = new Promise<void>((resolve) => (reached = resolve));
  routes.get("/slow", async (c) => {
    reached();
    await held;
    return c.text("slow");
  });
  routes.get("*", (c) => c.text("fast"));
  const { front } = door(routes, { maxConcurrent: 1 });
  const slow = front(new Request("http://localhost/slow"));
  await reachedRoute;
  const refused = await front(new Request("http://localhost/v1/meta"));
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get("retry-after"), "1");
  await refused.body?.cancel();
  const probe = await front(new Request("http://localhost/v1/.well-known/live"));
  assert.equal(await probe.text(), "fast", "probes never queue");
  release();
  assert.equal(await (await slow).text(), "slow");
  const after = await front(new Request("http://localhost/v1/meta"));
  assert.equal(await after.text(), "fast", "the slot was freed");
});
