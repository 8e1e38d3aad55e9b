/**
 * `createApp(services)`: the whole gateway as one Hono app on web standards
 * (`Request -> Response`). Runtime edges (main.ts, the Workers entry) only build services and serve.
 *
 * Two layers: the front door (`http/front_door.ts`: request id, path normalisation, deadline,
 * concurrency queue, admin reload, error log) in front of the routes app of the current services
 * snapshot (auth, Weaviate's routes), which is built once per snapshot.
 * @module
 */
import { Hono } from "hono";
import { DEFAULT_LIMITS } from "../config/default_limits.ts";
import { errorResponse, GatewayError, httpError } from "../errors/http_errors.ts";
import { createGraphQLExecutor } from "../graphql/executor.ts";
import { graphqlRoutes } from "../graphql/routes.ts";
import { createAdmission } from "./admission.ts";
import { createAuthMiddleware } from "./auth.ts";
import { createCorsMiddleware } from "./cors.ts";
import { createFrontDoor } from "./front_door.ts";
import { createMetaApp } from "./meta.ts";
import { createSchemaApp } from "./schema.ts";
import { createWellKnownApp } from "./well_known.ts";
import type { ModelStatusOptions } from "./model_status.ts";
import { type ConsoleAssets, createConsoleApp } from "./console.ts";
import type { Services } from "../pipeline/services.ts";
import type { ServicesSnapshot, ServicesSource } from "../pipeline/snapshot.ts";

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Operator log (internal errors with their request id); default `console.error`. */
  readonly log?: (line: string) => void;
  /** Where `/v1/.well-known/models` looks for local models (main.ts: the Deno file system). */
  readonly models?: ModelStatusOptions;
  /** The console's vendored assets; without them `GET /v1/graphql` stays a 404 (Workers). */
  readonly console?: ConsoleAssets;
}

/**
 * Builds the HTTP app. `source` is fixed services, or a snapshot (`pipeline/snapshot.ts`) whose
 * current services each request reads once; a snapshot with `reload` also serves
 * `POST /v1/admin/reload`.
 */
export function createApp(
  source: Services | ServicesSource | ServicesSnapshot,
  opts: AppOptions = {},
): Hono {
  const snapshot: ServicesSource = "current" in source ? source : { current: () => source };
  const log = opts.log ?? ((line: string) => console.error(line));
  const routes = new WeakMap<Services, Hono>();
  const routesFor = (services: Services): Hono => {
    let app = routes.get(services);
    if (!app) routes.set(services, app = createRoutesApp(services, opts));
    return app;
  };
  const admission = createAdmission(() => {
    const limits = snapshot.current().config.limits;
    return {
      maxConcurrent: limits.maxConcurrentRequests ?? DEFAULT_LIMITS.maxConcurrentRequests,
      maxQueued: limits.maxQueuedRequests ?? DEFAULT_LIMITS.maxQueuedRequests,
    };
  });
  const front = createFrontDoor({ source: snapshot, routesFor, admission, log });
  const app = new Hono();
  app.use("*", createCorsMiddleware());
  app.all("*", (c) => front(c.req.raw));
  app.onError((err) => errorResponse(err));
  return app;
}

/** Weaviate's routes over one set of services, behind the auth middleware. */
function createRoutesApp(services: Services, opts: AppOptions): Hono {
  const app = new Hono();
  app.use("*", createAuthMiddleware(services));
  app.route("/", createWellKnownApp(services, opts.models));
  app.route("/", createConsoleApp(services, opts.console));
  app.route("/", createMetaApp(services));
  app.route("/", createSchemaApp(services));
  app.route(
    "/",
    graphqlRoutes({
      executor: createGraphQLExecutor(services),
      maxRequestBytes: services.config.limits.maxRequestBytes,
      hasSchema: services.config.collections.length > 0,
      limits: services.config.limits,
    }),
  );
  app.notFound(() => errorResponse(httpError("not_found")));
  // Catalogue errors are answers; anything else is the front door's to log and mask.
  app.onError((err) => {
    if (err instanceof GatewayError) return errorResponse(err);
    throw err;
  });
  return app;
}
