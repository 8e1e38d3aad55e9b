/**
 * `POST /v1/graphql` and `POST /v1/graphql/batch` with Weaviate's status codes and bodies.
 * @module
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type {
  GraphQLExecutor,
  GraphQLRequest,
  GraphQLResponseBody,
  RequestContext,
} from "./executor.ts";
import { toWeaviateJson } from "./weaviate_json.ts";

/** Go's `%T` of a decoded JSON value, as Weaviate prints it in its 422 texts. */
function goTypeName(v: unknown): string {
  if (v === null) return "<nil>";
  if (Array.isArray(v)) return "[]interface {}";
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    default:
      return "map[string]interface {}";
  }
}

function json(c: Context, status: number, body: unknown): Response {
  return c.body(toWeaviateJson(body), status as 200, { "Content-Type": "application/json" });
}

function error422(c: Context, message: string): Response {
  return json(c, 422, { error: [{ message }] });
}

function headersOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  req.headers.forEach((v, k) => (out[k.toLowerCase()] = v));
  return out;
}

async function readJson(
  c: Context,
  maxBytes: number,
): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const text = await c.req.text();
  if (text.length > maxBytes) {
    return { ok: false, message: `request body exceeds ${maxBytes} bytes` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return {
      ok: false,
      message: `parsing body body from "" failed, because ${(err as Error).message}`,
    };
  }
}

/** Options of {@link graphqlRoutes}. */
export interface GraphQLRoutesOptions {
  readonly executor: GraphQLExecutor;
  /** Largest accepted body in bytes. */
  readonly maxRequestBytes: number;
  /** False when no class is configured (Weaviate answers 422 then). */
  readonly hasSchema: boolean;
}

const NO_PROVIDER =
  "no graphql provider present, this is most likely because no schema is present. Import a schema first!";

/** The GraphQL endpoints. */
export function graphqlRoutes(opts: GraphQLRoutesOptions): Hono {
  const app = new Hono();
  const ctxOf = (c: Context): RequestContext => ({
    signal: c.req.raw.signal,
    headers: headersOf(c.req.raw),
  });

  app.post("/v1/graphql", async (c) => {
    const body = await readJson(c, opts.maxRequestBytes);
    if (!body.ok) return error422(c, body.message);
    const q = body.value as Record<string, unknown> | null;
    if (
      !q || typeof q !== "object" || Array.isArray(q) || typeof q.query !== "string" ||
      q.query === ""
    ) {
      return error422(c, "query cannot be empty");
    }
    if (q.variables != null && (typeof q.variables !== "object" || Array.isArray(q.variables))) {
      return error422(c, `variables must be a JSON object, got ${goTypeName(q.variables)}`);
    }
    if (!opts.hasSchema) return error422(c, NO_PROVIDER);
    const result = await opts.executor.run(q as unknown as GraphQLRequest, ctxOf(c));
    return json(c, 200, result);
  });

  app.post("/v1/graphql/batch", async (c) => {
    const body = await readJson(c, opts.maxRequestBytes);
    if (!body.ok) return error422(c, body.message);
    if (!Array.isArray(body.value) || body.value.length === 0) {
      return error422(c, "no graphql queries provided in the batch request");
    }
    if (!opts.hasSchema) return error422(c, NO_PROVIDER);
    const ctx = ctxOf(c);
    const results = await Promise.all(body.value.map((item): Promise<GraphQLResponseBody> => {
      const q = item as Record<string, unknown> | null;
      if (!q || typeof q !== "object" || typeof q.query !== "string" || q.query === "") {
        return Promise.resolve({
          errors: [{
            locations: null,
            message:
              "422: The request is well-formed but was unable to be followed due to semantic errors.",
            path: null,
          }],
        });
      }
      if (q.variables != null && (typeof q.variables !== "object" || Array.isArray(q.variables))) {
        return Promise.resolve({
          errors: [{
            locations: null,
            message: `422: expected map[string]interface{}, received ${goTypeName(q.variables)}`,
            path: null,
          }],
        });
      }
      return opts.executor.run(q as unknown as GraphQLRequest, ctx);
    }));
    return json(c, 200, results);
  });
  return app;
}
