/**
 * Rerank APIs of other servers, over the configured rerankers: Cohere's `POST /v2/rerank` and
 * Hugging Face text-embeddings-inference's `POST /rerank`, with their request fields, answer
 * shapes and error shapes, so their clients (the cohere-ai SDK, TEI clients, a gateway's own
 * `reranker-tei` module) can point at the gateway.
 *
 * Which reranker answers (`model`): the class name of a collection with a reranker (that
 * collection's reranker, with its settings), else a reranker module name (`reranker-transformers`:
 * the reranker of the first collection, in config order, configured with it); omitted or empty:
 * the first collection with a reranker. Anything else is Cohere's 404 (TEI's 422). TEI has no
 * `model` field; the gateway accepts one there as an extension.
 *
 * Bounds: the body is read under `limits.maxRequestBytes` (413), at most
 * {@link MAX_RERANK_DOCUMENTS} documents per request (Cohere: 400, TEI: 413). Auth is GraphQL's
 * (`Authorization: Bearer <key>` against the gateway's API keys; Weaviate's rules), answered in
 * the API's error shape, with one exception: while no API key is configured and anonymous access
 * is on, an `Authorization` header is ignored here (the cohere-ai SDK always sends its token;
 * GraphQL answers 401 "no authentication scheme" then, as Weaviate does). Provider keys (`X-Cohere-Api-Key`, ...) pass through as for GraphQL.
 *
 * What is approximated: `max_tokens_per_doc` cuts each document to that many whitespace-separated
 * words before reranking (a local cross-encoder also truncates to its model's length); TEI's
 * `raw_scores`, `truncate` and `truncation_direction` are accepted and checked but the scores are
 * always the reranker's own (what GraphQL's `rerank { score }` returns).
 * @module
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { elapsedMs, type RequestTelemetry } from "../core/telemetry.ts";
import type { Reranker, RerankScore } from "../core/reranker.ts";
import { GatewayError } from "../errors/http_errors.ts";
import { readBodyText, requireJsonContentType } from "../graphql/request_body.ts";
import { redactSecrets } from "../remote/redact.ts";
import type { Services } from "../pipeline/services.ts";

/** Cohere's path. */
export const COHERE_RERANK_PATH = "/v2/rerank";
/** TEI's path. */
export const TEI_RERANK_PATH = "/rerank";
/** Most documents one request may send (Cohere recommends at most 1,000 per call). */
export const MAX_RERANK_DOCUMENTS = 10_000;

/** True for the paths whose errors take this module's shapes. */
export function isRerankApiPath(path: string): boolean {
  return path === COHERE_RERANK_PATH || path === TEI_RERANK_PATH;
}

/** One resolved reranker and the name it answers to. */
export interface ResolvedReranker {
  readonly reranker: Reranker;
  /** The class whose reranker it is. */
  readonly collection: string;
}

/** The reranker `model` names (see the module docs); `undefined` when none matches. */
export function resolveReranker(
  services: Services,
  model: string | undefined,
): ResolvedReranker | undefined {
  const withReranker = [...services.collections.values()].filter((c) => c.reranker);
  const pick = (c: (typeof withReranker)[number] | undefined) =>
    c ? { reranker: c.reranker!, collection: c.config.class } : undefined;
  if (model === undefined || model === "") return pick(withReranker[0]);
  return pick(withReranker.find((c) => c.config.class === model)) ??
    pick(withReranker.find((c) => c.reranker!.name === model));
}

/** An error of one of the two APIs: status and message (TEI also its `error_type`). */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly teiType: string = "Validation",
  ) {
    super(message);
  }
}

/** Cohere's error body: `{"message": ...}`. */
function cohereError(status: number, message: string, id?: string): Response {
  return Response.json(id ? { id, message } : { message }, { status });
}

/** TEI's error body: `{"error": ..., "error_type": ...}`. */
function teiError(status: number, message: string, type: string): Response {
  return Response.json({ error: message, error_type: type }, { status });
}

/** TEI's error type for a status the gateway's catalogue answers (auth, size, time). */
function teiTypeOf(status: number): string {
  if (status === 401) return "Unauthorized";
  if (status === 503) return "Overloaded";
  return "Validation";
}

/**
 * A catalogue error (auth 401, 413, 415, 408) in the shape of the API at `path`; `undefined`
 * for other paths. Weaviate's 422 for unparseable JSON is a 400 on Cohere's API.
 */
export function rerankApiErrorResponse(path: string, err: GatewayError): Response | undefined {
  if (path === COHERE_RERANK_PATH) {
    const status = err.code === "invalid_json" ? 400 : err.status;
    const message = err.code === "invalid_json" ? `invalid request: ${err.message}` : err.message;
    return cohereError(status, message);
  }
  if (path === TEI_RERANK_PATH) return teiError(err.status, err.message, teiTypeOf(err.status));
  return undefined;
}

/** What the front door hands the routes (Hono's `c.env`). */
interface RoutesEnv {
  readonly requestId?: string;
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

function headersOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  req.headers.forEach((v, k) => (out[k.toLowerCase()] = v));
  return out;
}

async function readObject(c: Context, maxBytes: number): Promise<Record<string, unknown>> {
  requireJsonContentType(c.req.header("content-type"));
  const text = await readBodyText(c.req.raw, { maxBytes, signal: signalOf(c) });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `invalid request: couldn't unmarshal json: ${(err as Error).message}`);
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError(400, "invalid request: the body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/** A rerank whose failure is the provider's (a message for the client) or ours (logged). */
async function score(
  c: Context,
  target: ResolvedReranker,
  query: string,
  documents: readonly string[],
): Promise<RerankScore[]> {
  const env = envOf(c);
  const signal = signalOf(c);
  const started = performance.now();
  let scores: RerankScore[];
  try {
    scores = await target.reranker.rerank(query, documents, {
      signal,
      headers: headersOf(c.req.raw),
    });
  } catch (err) {
    if (signal.aborted) throw err;
    env.telemetry?.upstreamError(target.reranker.name);
    if (err instanceof TypeError || err instanceof RangeError || !(err instanceof Error)) {
      throw err; // a fault: the front door logs it and answers 500 with the request id
    }
    throw new ApiError(
      500,
      `${target.reranker.name}: rerank failed: ${redactSecrets(err.message)}`,
      "Backend",
    );
  } finally {
    const ms = elapsedMs(started);
    env.telemetry?.reranked(target.reranker.name, documents.length, ms);
  }
  const byIndex = new Array<number | undefined>(documents.length);
  for (const s of scores) byIndex[s.index] = s.score;
  if (scores.length !== documents.length || byIndex.some((s) => typeof s !== "number")) {
    throw new ApiError(
      500,
      `${target.reranker.name}: rerank failed: ${scores.length} scores for ${documents.length} documents`,
      "Backend",
    );
  }
  // Highest first; Array.prototype.sort is stable, so ties keep input order.
  return byIndex.map((s, index) => ({ index, score: s! })).sort((a, b) => b.score - a.score);
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v > 0;
}

/** The first `max` whitespace-separated words of `text` (the `max_tokens_per_doc` cut). */
export function firstWords(text: string, max: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length <= max ? text : words.slice(0, max).join(" ");
}

/** One Cohere document as the text the reranker scores. */
function documentText(
  doc: unknown,
  index: number,
  rankFields: readonly string[] | undefined,
): string {
  if (typeof doc === "string") return doc;
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new ApiError(400, `invalid request: documents[${index}] must be a string or an object`);
  }
  const fields = rankFields ?? ["text"];
  const obj = doc as Record<string, unknown>;
  const present = fields.filter((f) => obj[f] !== undefined && obj[f] !== null);
  if (present.length === 0) {
    throw new ApiError(
      400,
      `invalid request: documents[${index}] has none of the rank_fields (${fields.join(", ")})`,
    );
  }
  const text = (v: unknown) => typeof v === "string" ? v : JSON.stringify(v);
  // One field: its value, so `{text}` objects score as the same string would; several: one
  // `field: value` line each (Cohere's YAML-like rendering of structured documents).
  return fields.length === 1
    ? text(obj[present[0]])
    : present.map((f) => `${f}: ${text(obj[f])}`).join("\n");
}

/** Options of {@link rerankApiRoutes}. */
export interface RerankApiOptions {
  readonly services: Services;
  /** Largest accepted body in bytes (`limits.maxRequestBytes`). */
  readonly maxRequestBytes: number;
  /** Most documents per request; default {@link MAX_RERANK_DOCUMENTS}. */
  readonly maxDocuments?: number;
}

/** `POST /v2/rerank` (Cohere) and `POST /rerank` (TEI). */
export function rerankApiRoutes(opts: RerankApiOptions): Hono {
  const app = new Hono();
  const maxDocuments = opts.maxDocuments ?? MAX_RERANK_DOCUMENTS;

  app.post(COHERE_RERANK_PATH, async (c) => {
    const id = envOf(c).requestId ?? crypto.randomUUID();
    try {
      const body = await readObject(c, opts.maxRequestBytes);
      const { model, query, documents, rank_fields, top_n, return_documents } = body;
      const maxTokens = body.max_tokens_per_doc;
      if (model !== undefined && model !== null && typeof model !== "string") {
        throw new ApiError(400, "invalid request: model must be a string");
      }
      if (typeof query !== "string" || query.trim() === "") {
        throw new ApiError(400, "invalid request: query must be a non-empty string");
      }
      if (!Array.isArray(documents) || documents.length === 0) {
        throw new ApiError(400, "invalid request: list of documents must not be empty");
      }
      if (documents.length > maxDocuments) {
        throw new ApiError(
          400,
          `invalid request: too many documents: ${documents.length}, the limit is ${maxDocuments}`,
        );
      }
      if (
        rank_fields !== undefined && rank_fields !== null &&
        (!Array.isArray(rank_fields) || rank_fields.length === 0 ||
          rank_fields.some((f) => typeof f !== "string"))
      ) {
        throw new ApiError(400, "invalid request: rank_fields must be a non-empty list of strings");
      }
      if (top_n !== undefined && top_n !== null && !isPositiveInt(top_n)) {
        throw new ApiError(400, "invalid request: top_n must be a positive integer");
      }
      if (maxTokens !== undefined && maxTokens !== null && !isPositiveInt(maxTokens)) {
        throw new ApiError(400, "invalid request: max_tokens_per_doc must be a positive integer");
      }
      if (
        return_documents !== undefined && return_documents !== null &&
        typeof return_documents !== "boolean"
      ) {
        throw new ApiError(400, "invalid request: return_documents must be a boolean");
      }
      const fields = (rank_fields ?? undefined) as string[] | undefined;
      const texts = documents.map((d, i) => {
        const t = documentText(d, i, fields);
        return isPositiveInt(maxTokens) ? firstWords(t, maxTokens) : t;
      });
      const target = resolveReranker(opts.services, (model ?? undefined) as string | undefined);
      if (!target) {
        throw new ApiError(
          404,
          model
            ? `model '${model}' not found: name a class with a reranker or a reranker module`
            : "no collection has a reranker: configure a reranker-* module in a class's moduleConfig",
        );
      }
      const ranked = await score(c, target, query, texts);
      const page = isPositiveInt(top_n) ? ranked.slice(0, top_n) : ranked;
      return c.json({
        id,
        results: page.map((r) => ({
          index: r.index,
          relevance_score: r.score,
          ...(return_documents === true
            ? {
              document: typeof documents[r.index] === "string"
                ? { text: documents[r.index] }
                : documents[r.index],
            }
            : {}),
        })),
        meta: {
          api_version: { version: "2" },
          // A search unit is one query over at most 100 documents (Cohere's billing rule).
          billed_units: { search_units: Math.ceil(documents.length / 100) },
        },
      });
    } catch (err) {
      if (err instanceof ApiError) return cohereError(err.status, err.message, id);
      if (err instanceof GatewayError) return rerankApiErrorResponse(COHERE_RERANK_PATH, err)!;
      throw err;
    }
  });

  app.post(TEI_RERANK_PATH, async (c) => {
    try {
      const body = await readObject(c, opts.maxRequestBytes).catch((err) => {
        if (err instanceof ApiError) throw new ApiError(422, err.message, "Validation");
        throw err;
      });
      const { query, texts, raw_scores, return_text, truncate, truncation_direction } = body;
      const model = body.model;
      const invalid = (message: string) =>
        new ApiError(
          422,
          `Failed to deserialize the JSON body into the target type: ${message}`,
          "Validation",
        );
      if (query === undefined) throw invalid("missing field `query`");
      if (typeof query !== "string") throw invalid("`query` must be a string");
      if (texts === undefined) throw invalid("missing field `texts`");
      if (!Array.isArray(texts) || texts.some((t) => typeof t !== "string")) {
        throw invalid("`texts` must be a list of strings");
      }
      for (
        const [name, v] of [["raw_scores", raw_scores], ["return_text", return_text], [
          "truncate",
          truncate,
        ]] as const
      ) {
        if (v !== undefined && v !== null && typeof v !== "boolean") {
          throw invalid(`\`${name}\` must be a boolean`);
        }
      }
      if (
        truncation_direction !== undefined && truncation_direction !== null &&
        !["left", "right"].includes(String(truncation_direction).toLowerCase())
      ) {
        throw invalid("`truncation_direction` must be `left` or `right`");
      }
      if (model !== undefined && model !== null && typeof model !== "string") {
        throw invalid("`model` must be a string");
      }
      if (texts.length === 0) throw new ApiError(400, "`texts` cannot be empty", "Empty");
      if (texts.length > maxDocuments) {
        throw new ApiError(
          413,
          `batch size ${texts.length} > maximum allowed batch size ${maxDocuments}`,
          "Validation",
        );
      }
      const target = resolveReranker(opts.services, (model ?? undefined) as string | undefined);
      if (!target) {
        throw new ApiError(
          422,
          model
            ? `model '${model}' not found: name a class with a reranker or a reranker module`
            : "no collection has a reranker: configure a reranker-* module in a class's moduleConfig",
          "Validation",
        );
      }
      const ranked = await score(c, target, query, texts as string[]);
      return c.json(ranked.map((r) => ({
        index: r.index,
        ...(return_text === true ? { text: texts[r.index] } : {}),
        score: r.score,
      })));
    } catch (err) {
      if (err instanceof ApiError) {
        // Provider failures are TEI's "Backend" (424 Failed Dependency).
        const status = err.teiType === "Backend" ? 424 : err.status;
        return teiError(status, err.message, err.teiType);
      }
      if (err instanceof GatewayError) return rerankApiErrorResponse(TEI_RERANK_PATH, err)!;
      throw err;
    }
  });
  return app;
}
