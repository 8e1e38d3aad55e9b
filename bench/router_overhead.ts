/**
 * Router + middleware cost (target G12): the gateway app's `GET /v1/.well-known/live` (the front
 * door, auth middleware, nested routers) vs a bare Hono app with the same single route. And the
 * front door's share of a `POST /v1/graphql`: a trivial routes app (reads the body, answers fixed
 * bytes) behind the front door, wired as `createApp` wires it, vs the same routes app alone.
 * Batches of the two apps alternate, so a change in machine load lands on both.
 * @module
 */
import { Hono } from "hono";
import { DEFAULT_LIMITS } from "../src/config/default_limits.ts";
import { createAdmission } from "../src/http/admission.ts";
import { createFrontDoor } from "../src/http/front_door.ts";
import { createGatewayMetrics } from "../src/http/metrics.ts";
import type { Services } from "../src/pipeline/services.ts";
import type { BenchTable } from "./report.ts";
import { summarize } from "./stats.ts";

const PATH = "/v1/.well-known/live";

type Send = (app: Hono) => Promise<Response>;

const getLive: Send = (app) => Promise.resolve(app.request(PATH));

/** A nearVector query with a 384-d literal, as weaviate-ts-client writes it. */
function graphqlBody(): string {
  const vector = Array.from({ length: 384 }, (_, i) => Math.sin(i + 1) / 20);
  return JSON.stringify({
    query: `{ Get { Article384(nearVector: { vector: ${JSON.stringify(vector)} } limit: 10) ` +
      "{ title _additional { id distance } } } }",
  });
}

function postGraphql(body: string): Send {
  return (app) =>
    Promise.resolve(app.request("/v1/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }));
}

/** µs per request of each batch, for two apps in alternating batches (2 warm-up batches each). */
async function alternating(
  apps: readonly [Hono, Hono],
  send: Send,
  o: { batches: number; batchSize: number },
): Promise<[number[], number[]]> {
  for (const app of apps) {
    const first = await send(app);
    if (first.status !== 200) throw new Error(`status ${first.status}, expected 200`);
    await first.body?.cancel();
  }
  const out: [number[], number[]] = [[], []];
  for (let b = -2; b < o.batches; b++) {
    for (const [k, app] of apps.entries()) {
      const t0 = performance.now();
      for (let i = 0; i < o.batchSize; i++) {
        const res = await send(app);
        await res.body?.cancel();
      }
      if (b >= 0) out[k].push(((performance.now() - t0) / o.batchSize) * 1000);
    }
  }
  return out;
}

function rows(labels: readonly [string, string, string], a: number[], b: number[]) {
  const x = summarize(a), y = summarize(b);
  return {
    rows: [
      [labels[0], x.p50.toFixed(1), x.mean.toFixed(1)],
      [labels[1], y.p50.toFixed(1), y.mean.toFixed(1)],
      [labels[2], (x.p50 - y.p50).toFixed(1), (x.mean - y.mean).toFixed(1)],
    ],
    difference: x.p50 - y.p50,
  };
}

/** Options of {@link routerOverhead}. */
export interface RouterOverheadOptions {
  readonly gatewayApp: Hono;
  /** The gateway app's services: with them, also the front door's share of a GraphQL POST. */
  readonly services?: Services;
  readonly batches: number;
  readonly batchSize: number;
}

/** The tables and the gateway's extra µs per request over bare Hono (median batch). */
export interface RouterOverhead {
  readonly table: BenchTable;
  readonly differenceMicros: number;
  /** The front door around a trivial `POST /v1/graphql` route (with `services`). */
  readonly frontDoor?: { readonly table: BenchTable; readonly differenceMicros: number };
}

/** A Hono app answering `POST /v1/graphql` with fixed bytes after reading the body. */
function trivialGraphqlRoutes(): Hono {
  const app = new Hono();
  app.post("/v1/graphql", async (c) => {
    await c.req.text();
    return c.body('{"data":{"Get":{"Article384":[]}}}\n', 200, {
      "Content-Type": "application/json",
    });
  });
  return app;
}

/** `routes` behind the front door, as `createApp` wires it (an outer Hono app, metrics on). */
function behindFrontDoor(routes: Hono, services: Services): Hono {
  const limits = services.config.limits;
  const door = createFrontDoor({
    source: { current: () => services },
    routesFor: () => routes,
    admission: createAdmission(() => ({
      maxConcurrent: limits.maxConcurrentRequests ?? DEFAULT_LIMITS.maxConcurrentRequests,
      maxQueued: limits.maxQueuedRequests ?? DEFAULT_LIMITS.maxQueuedRequests,
    })),
    log: () => {},
    metrics: createGatewayMetrics(),
  });
  const app = new Hono();
  app.all("*", (c) => door(c.req.raw));
  return app;
}

/** µs per request (median and mean of the batch means) for the gateway and a bare Hono app. */
export async function routerOverhead(o: RouterOverheadOptions): Promise<RouterOverhead> {
  const bare = new Hono();
  bare.get(PATH, (c) => c.body(null, 200));
  const [gateway, plain] = await alternating([o.gatewayApp, bare], getLive, o);
  const live = rows(
    [
      "gateway app (front door + auth + nested routes)",
      "bare Hono, one route",
      "difference (router + middleware)",
    ],
    gateway,
    plain,
  );
  const table: BenchTable = {
    title: `GET ${PATH} in-process, µs per request (${o.batches} alternating batches of ` +
      `${o.batchSize})`,
    header: ["app", "median batch µs/req", "mean µs/req"],
    rows: live.rows,
  };
  if (!o.services) return { table, differenceMicros: live.difference };

  const routes = trivialGraphqlRoutes();
  const [door, alone] = await alternating(
    [behindFrontDoor(routes, o.services), routes],
    postGraphql(graphqlBody()),
    { batches: o.batches, batchSize: Math.max(1, Math.round(o.batchSize / 2)) },
  );
  const post = rows(
    [
      "trivial routes behind the front door",
      "the same routes alone",
      "difference (the front door)",
    ],
    door,
    alone,
  );
  return {
    table,
    differenceMicros: live.difference,
    frontDoor: {
      table: {
        title: "POST /v1/graphql (384-d nearVector body, read and answered with fixed bytes) " +
          `in-process, µs per request (${o.batches} alternating batches of ` +
          `${Math.max(1, Math.round(o.batchSize / 2))})`,
        header: ["app", "median batch µs/req", "mean µs/req"],
        rows: post.rows,
      },
      differenceMicros: post.difference,
    },
  };
}
