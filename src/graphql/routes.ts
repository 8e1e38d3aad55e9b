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
import { formatGoValue } from "../core/go_format.ts";
import { DEFAULT_LIMITS } from "../config/default_limits.ts";
import type { LimitsConfig } from "../config/types.ts";
import { elapsedMs, type RequestTelemetry } from "../core/telemetry.ts";
import { httpError } from "../errors/http_errors.ts";
import { formatValidationError } from "./error_format.ts";
import { responseTooLarge } from "./limit_errors.ts";
import { readBodyText, requireJsonContentType } from "./request_body.ts";
import { toWeaviateJsonWithin, utf8Length } from "./weaviate_json.ts";

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

/** What the front door (http/front_door.ts) hands the routes as Hono's `c.env`. */
interface RoutesEnv {
  /** The request deadline's signal (also aborts when the client leaves). */
  readonly signal?: AbortSignal;
  readonly logInternal?: (err: unknown) => void;
  readonly telemetry?: RequestTelemetry;
}

function envOf(c: Context): RoutesEnv {
  return (c.env as RoutesEnv | undefined) ?? {};
}

/** The deadline's signal from the front door, else (routes mounted alone) the request's own. */
function signalOf(c: Context): AbortSignal {
  return envOf(c).signal ?? c.req.raw.signal;
}

/**
 * The answer as JSON; its encoding is timed as the `encode` stage (the front door writes the
 * request's `Server-Timing` header).
 */
function json(c: Context, encode: () => string): Response {
  const started = performance.now();
  const text = encode();
  envOf(c).telemetry?.stage("encode", elapsedMs(started));
  return c.body(text + "\n", 200, { "Content-Type": "application/json" });
}

/** One GraphQL answer as Weaviate JSON, or the "response too large" error in its place. */
function encodeAnswer(body: GraphQLResponseBody, maxBytes: number, limit: number): string {
  return toWeaviateJsonWithin(body, maxBytes) ??
    toWeaviateJsonWithin({ errors: [formatValidationError(responseTooLarge(limit))] }, Infinity)!;
}

/**
 * A batch's answers as one JSON array within `limit` bytes: an item that does not fit in what is
 * left is answered with the "response too large" error instead, the others as usual.
 */
function encodeBatch(results: readonly GraphQLResponseBody[], limit: number): string {
  let left = limit - 2; // [ ]
  const parts: string[] = [];
  for (const r of results) {
    const part = encodeAnswer(r, Math.max(0, left - (parts.length > 0 ? 1 : 0)), limit);
    left -= utf8Length(part) + (parts.length > 0 ? 1 : 0);
    parts.push(part);
  }
  return "[" + parts.join(",") + "]";
}

function headersOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  req.headers.forEach((v, k) => (out[k.toLowerCase()] = v));
  return out;
}

async function readJson(c: Context, maxBytes: number): Promise<unknown> {
  requireJsonContentType(c.req.header("content-type"));
  const text = await readBodyText(c.req.raw, { maxBytes, signal: signalOf(c) });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw httpError("invalid_json", (err as Error).message);
  }
}

/** Options of {@link graphqlRoutes}. */
export interface GraphQLRoutesOptions {
  readonly executor: GraphQLExecutor;
  /** Largest accepted body in bytes. */
  readonly maxRequestBytes: number;
  /** False when no class is configured (Weaviate answers 422 then). */
  readonly hasSchema: boolean;
  /** Batch, class-field and response caps (default: {@link DEFAULT_LIMITS}). */
  readonly limits?: Pick<
    LimitsConfig,
    "maxBatchItems" | "maxClassFields" | "maxResponseBytes" | "maxRequestResults"
  >;
}

/** The GraphQL endpoints. */
export function graphqlRoutes(opts: GraphQLRoutesOptions): Hono {
  const app = new Hono();
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const ctxOf = (c: Context): RequestContext => ({
    signal: signalOf(c),
    headers: headersOf(c.req.raw),
    budget: { classFields: limits.maxClassFields, objects: limits.maxRequestResults },
    // Set by the front door (http/front_door.ts) as the routes app's env.
    logInternal: envOf(c).logInternal,
    telemetry: envOf(c).telemetry,
    responseBytes: limits.maxResponseBytes,
  });

  app.post("/v1/graphql", async (c) => {
    const q = await readJson(c, opts.maxRequestBytes) as Record<string, unknown> | null;
    if (
      !q || typeof q !== "object" || Array.isArray(q) || typeof q.query !== "string" ||
      q.query === ""
    ) {
      throw httpError("query_empty");
    }
    if (q.variables != null && (typeof q.variables !== "object" || Array.isArray(q.variables))) {
      throw httpError("variables_not_object", goTypeName(q.variables));
    }
    if (!opts.hasSchema) throw httpError("no_graphql_provider");
    const body = await opts.executor.run(q as unknown as GraphQLRequest, ctxOf(c));
    return json(c, () => encodeAnswer(body, limits.maxResponseBytes, limits.maxResponseBytes));
  });

  app.post("/v1/graphql/batch", async (c) => {
    const items = await readJson(c, opts.maxRequestBytes);
    if (!Array.isArray(items) || items.length === 0) throw httpError("batch_empty");
    if (items.length > limits.maxBatchItems) {
      throw httpError(
        "batch_too_large",
        `${items.length} items, more than limits.maxBatchItems (${limits.maxBatchItems})`,
      );
    }
    if (!opts.hasSchema) throw httpError("no_graphql_provider");
    const ctx = ctxOf(c);
    const results = await Promise.all(items.map((item): Promise<GraphQLResponseBody> => {
      const q = item as Record<string, unknown> | null;
      if (!q || typeof q !== "object" || typeof q.query !== "string" || q.query === "") {
        return Promise.resolve(batchItemError(
          "422: The request is well-formed but was unable to be followed due to semantic errors.",
        ));
      }
      if (q.variables != null && (typeof q.variables !== "object" || Array.isArray(q.variables))) {
        return Promise.resolve(
          batchItemError(
            // Weaviate prints the value with %v (adapters/handlers/rest/handlers_graphql.go).
            `422: expected map[string]interface{}, received ${formatGoValue(q.variables)}`,
          ),
        );
      }
      return opts.executor.run(q as unknown as GraphQLRequest, ctx);
    }));
    return json(c, () => encodeBatch(results, limits.maxResponseBytes));
  });
  return app;
}

function batchItemError(message: string): GraphQLResponseBody {
  return { errors: [{ locations: null, message, path: null }] };
}
