/**
 * `createApp(services)`: the whole gateway as one Hono app on web standards
 * (`Request -> Response`). Runtime edges (main.ts, the Workers entry) only build services and serve.
 * @module
 */
import { Hono } from "hono";
import { errorResponse, httpError } from "../errors/http_errors.ts";
import { createGraphQLExecutor } from "../graphql/executor.ts";
import { graphqlRoutes } from "../graphql/routes.ts";
import { createAuthMiddleware } from "./auth.ts";
import { createCorsMiddleware } from "./cors.ts";
import { createMetaApp } from "./meta.ts";
import { createSchemaApp } from "./schema.ts";
import { createWellKnownApp } from "./well_known.ts";
import type { Services } from "../pipeline/services.ts";

/** Builds the HTTP app for the given services. */
export function createApp(services: Services): Hono {
  const app = new Hono();
  app.use("*", createCorsMiddleware());
  app.use("*", createAuthMiddleware(services));
  app.route("/", createWellKnownApp(services));
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
  app.onError((err) => errorResponse(err));
  return app;
}
