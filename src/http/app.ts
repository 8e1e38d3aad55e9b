/**
 * `createApp(services)`: the whole gateway as one Hono app on web standards
 * (`Request -> Response`). Runtime edges (main.ts, the Workers entry) only build services and serve.
 *
 * Two layers: the front door (`http/front_door.ts`: CORS, request id, path normalisation,
 * deadline, concurrency queue, admin reload, error log, metrics) in front of the routes app of the current services
 * snapshot (auth, Weaviate's routes, the Cohere `/v2/rerank` and TEI `/rerank` APIs,
 * `GET /metrics`), which is built once per snapshot; the metrics registry lives as long as the app.
 * @module
 */
import { Hono } from "hono";
import { DEFAULT_LIMITS } from "../config/default_limits.ts";
import { errorResponse, GatewayError, httpError } from "../errors/http_errors.ts";
import { createGraphQLExecutor } from "../graphql/executor.ts";
import { graphqlRoutes } from "../graphql/routes.ts";
import { createAdmission } from "./admission.ts";
import { createAuthMiddleware } from "./auth.ts";
import { createFrontDoor } from "./front_door.ts";
import { createMetaApp } from "./meta.ts";
import type { LogFormat } from "./log.ts";
import { createGatewayMetrics, type GatewayMetrics, METRICS_CONTENT_TYPE } from "./metrics.ts";
import { isRerankApiPath, rerankApiErrorResponse, rerankApiRoutes } from "./rerank_api.ts";
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
  /** `json`: structured log lines and a `request` line per request (default `text`). */
  readonly logFormat?: LogFormat;
  /** The metrics registry behind `GET /metrics` (default: a new one for this app). */
  readonly metrics?: GatewayMetrics;
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
  const metrics = opts.metrics ?? createGatewayMetrics();
  const routes = new WeakMap<Services, Hono>();
  const routesFor = (services: Services): Hono => {
    let app = routes.get(services);
    if (!app) routes.set(services, app = createRoutesApp(services, metrics, opts));
    return app;
  };
  const admission = createAdmission(() => {
    const limits = snapshot.current().config.limits;
    return {
      maxConcurrent: limits.maxConcurrentRequests ?? DEFAULT_LIMITS.maxConcurrentRequests,
      maxQueued: limits.maxQueuedRequests ?? DEFAULT_LIMITS.maxQueuedRequests,
    };
  });
  const front = createFrontDoor({
    source: snapshot,
    routesFor,
    admission,
    log,
    logFormat: opts.logFormat,
    metrics,
  });
  const app = new Hono();
  // CORS is the front door's (one set of headers on the final answer, preflights first).
  app.all("*", (c) => front(c.req.raw));
  app.onError((err) => errorResponse(err));
  return app;
}

/**
 * Weaviate's routes, the Cohere and TEI rerank APIs and `/metrics` over one set of services,
 * behind the auth middleware (`/metrics` needs an API key as every non-probe route does).
 */
function createRoutesApp(services: Services, metrics: GatewayMetrics, opts: AppOptions): Hono {
  const app = new Hono();
  app.use(
    "*",
    createAuthMiddleware(services, {
      render: (c, err) =>
        (isRerankApiPath(c.req.path) ? rerankApiErrorResponse(c.req.path, err) : undefined) ??
          errorResponse(err),
      // The Cohere SDK always sends its token: an open gateway (no keys) ignores it there.
      tokenIgnoredWhenOpen: isRerankApiPath,
    }),
  );
  app.get(
    "/metrics",
    (c) => c.body(metrics.render(services), 200, { "Content-Type": METRICS_CONTENT_TYPE }),
  );
  app.route(
    "/",
    rerankApiRoutes({ services, maxRequestBytes: services.config.limits.maxRequestBytes }),
  );
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
