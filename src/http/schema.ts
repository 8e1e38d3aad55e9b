/**
 * `GET /v1/schema` and `GET /v1/schema/{className}`: the configured collections as Weaviate
 * class JSON (read-only; the gateway's schema comes from its config).
 * @module
 */
import { Hono } from "hono";
import type { Services } from "../pipeline/services.ts";
import { classJson } from "./class_json.ts";

/** The schema routes; mount with `app.route("/", createSchemaApp(services))`. */
export function createSchemaApp(services: Services): Hono {
  const app = new Hono();
  app.get("/v1/schema", (c) => {
    const classes = [...services.collections.values()].map((col) => classJson(col.config));
    return c.json({ classes });
  });
  app.get("/v1/schema/:className", (c) => {
    const name = c.req.param("className");
    // Weaviate upper-cases the first letter before the lookup (`/v1/schema/article` works).
    const found = services.collections.get(name) ??
      services.collections.get(name.charAt(0).toUpperCase() + name.slice(1));
    if (found === undefined) return c.body(null, 404);
    return c.json(classJson(found.config));
  });
  return app;
}
