/**
 * Liveness, readiness, OIDC discovery, the `/v1` links list and the `/` redirect: the unauthenticated
 * endpoints clients probe at start-up (spec §4.4).
 * @module
 */
import { Hono } from "hono";
import type { Services } from "../pipeline/services.ts";
import { modelStatuses, type ModelStatusOptions } from "./model_status.ts";

const DOCS = "https://weaviate.io/developers/weaviate/api/rest";

const GRAPHQL_DOCS = "https://weaviate.io/developers/weaviate/api/graphql";

/**
 * Weaviate's root links (keys in Weaviate's order), limited to the endpoints the gateway serves,
 * plus its GraphQL routes.
 */
const LINKS = [
  { href: "/v1/meta", name: "Meta information about this instance/cluster" },
  { documentationHref: `${DOCS}/schema`, href: "/v1/schema", name: "view complete schema" },
  {
    documentationHref: `${DOCS}/schema`,
    href: "/v1/schema{/:className}",
    name: "view the schema of one class",
  },
  { documentationHref: GRAPHQL_DOCS, href: "/v1/graphql", name: "GraphQL Get queries (POST)" },
  {
    documentationHref: GRAPHQL_DOCS,
    href: "/v1/graphql/batch",
    name: "batched GraphQL queries (POST)",
  },
  {
    documentationHref: `${DOCS}/well-known#liveness`,
    href: "/v1/.well-known/live",
    name: "check if Weaviate is live (returns 200 on GET when live)",
  },
  {
    documentationHref: `${DOCS}/well-known#readiness`,
    href: "/v1/.well-known/ready",
    name: "check if Weaviate is ready (returns 200 on GET when ready)",
  },
  {
    href: "/v1/.well-known/models",
    name: "local models the collections use and whether they are downloaded (gateway only)",
  },
  {
    documentationHref: `${DOCS}/well-known#openid-configuration`,
    href: "/v1/.well-known/openid-configuration",
    name: "view link to openid configuration (returns 404 on GET if no openid is configured)",
  },
];

/**
 * The well-known routes, `/v1` and `/`; mount with `app.route("/", createWellKnownApp(s))`.
 * `ready` means serving: a missing model fails only the queries that need it, and
 * `/v1/.well-known/models` says which ones are missing (`models`: where to look for them).
 */
export function createWellKnownApp(services: Services, models: ModelStatusOptions = {}): Hono {
  const app = new Hono();
  app.get("/v1/.well-known/live", (c) => c.body(null, 200));
  app.get("/v1/.well-known/ready", (c) => c.body(null, (services.ready?.() ?? true) ? 200 : 503));
  app.get("/v1/.well-known/models", async (c) => {
    const list = await modelStatuses(services.config, models);
    const missing = [...new Set(list.filter((m) => m.state === "missing").map((m) => m.model))];
    return c.json({ missing, models: list });
  });
  // The gateway has no OIDC; Weaviate answers 404 without a body then.
  app.get("/v1/.well-known/openid-configuration", (c) => c.body(null, 404));
  app.get("/v1", (c) => c.json({ links: LINKS }));
  app.get("/", (c) => c.redirect("/v1", 301));
  return app;
}
