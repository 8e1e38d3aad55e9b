/**
 * The handlers the gateway benchmark compares, all in-process (`app.request`), over the same
 * services:
 * - `gateway`: `createApp(services)`, the real app (front door, CORS + auth middleware, cached
 *   parse/validate, the compiled query path or graphql-js execute, Weaviate JSON encoder);
 * - `hono-graphql-server`: a bare Hono app with `@hono/graphql-server` on the gateway's schema;
 * - `floor`: a bare Hono handler that reads the JSON body and returns precomputed bytes;
 * - `routes` / `routesExecute`: the gateway's GraphQL routes alone (no front door, CORS or auth),
 *   with the compiled query path and with graphql-js `execute` (`{ compiled: false }`), which
 *   splits (a)'s own time into the front door and the GraphQL layer.
 *
 * The services are wrapped so that every request reports the time spent inside the store
 * (`retrieve`, including query vectorisation) and the reranker: the rest is the gateway's own CPU.
 * @module
 */
import { graphqlServer } from "npm:@hono/graphql-server@0.7.0";
import { Hono } from "hono";
import { createApp } from "../src/http/app.ts";
import { createGraphQLExecutor } from "../src/graphql/executor.ts";
import { graphqlRoutes } from "../src/graphql/routes.ts";
import type { Reranker } from "../src/core/reranker.ts";
import type { Collection, Services } from "../src/pipeline/services.ts";
import type { Retriever } from "../src/core/retriever.ts";

/** Accumulates ms spent in stores and rerankers; reset before each request. */
export interface InsideClock {
  ms: number;
}

/** One handler under test. */
export interface BenchHandler {
  readonly name: string;
  /** POSTs a JSON body to `/v1/graphql`. */
  readonly post: (body: string) => Promise<Response>;
}

/** The handlers and the knobs the runner needs. */
export interface BenchHandlers {
  readonly gateway: BenchHandler;
  readonly honoGraphqlServer: BenchHandler;
  readonly floor: BenchHandler;
  /** The GraphQL routes alone, compiled query path. */
  readonly routes: BenchHandler;
  /** The GraphQL routes alone, graphql-js `execute` for every document. */
  readonly routesExecute: BenchHandler;
  /** Sets the bytes the floor handler answers with (per case). */
  readonly setFloorBody: (body: string) => void;
  readonly clock: InsideClock;
  /** The gateway app itself (for the router/middleware measurement). */
  readonly gatewayApp: Hono;
}

function timedRetriever(r: Retriever, clock: InsideClock): Retriever {
  return {
    capabilities: r.capabilities,
    async retrieve(plan, opts) {
      const t0 = performance.now();
      try {
        return await r.retrieve(plan, opts);
      } finally {
        clock.ms += performance.now() - t0;
      }
    },
  };
}

function timedReranker(r: Reranker, clock: InsideClock): Reranker {
  return {
    name: r.name,
    maxDocuments: r.maxDocuments,
    async rerank(query, documents, opts) {
      const t0 = performance.now();
      try {
        return await r.rerank(query, documents, opts);
      } finally {
        clock.ms += performance.now() - t0;
      }
    },
  };
}

/** Wraps every collection's retriever and reranker so they add their time to `clock`. */
export function timedServices(services: Services, clock: InsideClock): Services {
  const collections = new Map<string, Collection>();
  for (const [name, c] of services.collections) {
    collections.set(name, {
      ...c,
      retriever: timedRetriever(c.retriever, clock),
      reranker: c.reranker && timedReranker(c.reranker, clock),
    });
  }
  return { ...services, collections };
}

const JSON_HEADERS = { "Content-Type": "application/json" };

function poster(app: Hono, name: string): BenchHandler {
  return {
    name,
    post: (body) =>
      Promise.resolve(app.request("/v1/graphql", { method: "POST", headers: JSON_HEADERS, body })),
  };
}

/** Builds the three handlers over (timed) `services`. */
export function createBenchHandlers(services: Services): BenchHandlers {
  const clock: InsideClock = { ms: 0 };
  const timed = timedServices(services, clock);
  const gatewayApp = createApp(timed);

  const naive = new Hono();
  naive.post("/v1/graphql", graphqlServer({ schema: createGraphQLExecutor(timed).schema }));

  let floorBody = "";
  const floor = new Hono();
  floor.post("/v1/graphql", async (c) => {
    await c.req.json();
    return c.body(floorBody, 200, JSON_HEADERS);
  });

  const routes = (compiled: boolean) =>
    graphqlRoutes({
      executor: createGraphQLExecutor(timed, { compiled }),
      maxRequestBytes: timed.config.limits.maxRequestBytes,
      hasSchema: true,
      limits: timed.config.limits,
    });

  return {
    gateway: poster(gatewayApp, "(a) gateway"),
    routes: poster(routes(true), "(d) gateway GraphQL routes, compiled"),
    routesExecute: poster(routes(false), "(e) gateway GraphQL routes, graphql-js execute"),
    honoGraphqlServer: poster(naive, "(b) @hono/graphql-server"),
    floor: poster(floor, "(c) floor"),
    setFloorBody: (body) => (floorBody = body),
    clock,
    gatewayApp,
  };
}
