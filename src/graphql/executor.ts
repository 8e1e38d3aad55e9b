/**
 * Executes Weaviate GraphQL requests against the generated schema: cached parse + validate, the
 * compiled query path for the documents it covers (compiled_query.ts) and graphql-js execution
 * with one resolver per class field for the rest, Weaviate-shaped errors.
 * @module
 */
import {
  execute,
  type ExecutionResult,
  getLocation,
  GraphQLError,
  type GraphQLFieldResolver,
  GraphQLList,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import type { CollectionConfig } from "../config/types.ts";
import { elapsedMs, type RequestTelemetry } from "../core/telemetry.ts";
import { QueryError } from "../errors/query_error.ts";
import type { Services } from "../pipeline/services.ts";
import { resolveClassField, takeWarnings } from "./class_field.ts";
import { compileQuery } from "./compiled_query.ts";
import { runCompiledQuery } from "./compiled_run.ts";
import {
  formatExecutionError,
  formatSyntaxError,
  formatValidationError,
  type WeaviateGraphQLError,
} from "./error_format.ts";
import {
  batchTooManyClassFields,
  isStackOverflow,
  queryTooComplex,
  variablesTooDeep,
} from "./limit_errors.ts";
import { createDocumentPreparer, type PreparedDocument } from "./prepare.ts";
import { buildGatewaySchema } from "./schema_builder.ts";
import { valueDepth } from "./query_cost.ts";
import { readClassSelection } from "./selection.ts";

/** What one HTTP request may still spend, shared by the items of a batch. */
export interface RequestBudget {
  /** Class fields left (starts at `limits.maxClassFields`). */
  classFields: number;
  /** Objects left to ask for (starts at `limits.maxRequestResults`); absent = not counted. */
  objects?: number;
}

/** Per-request context handed to resolvers. */
export interface RequestContext {
  readonly signal: AbortSignal;
  /** Request headers with lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Shared by every query of the HTTP request; without it each query is limited on its own. */
  readonly budget?: RequestBudget;
  /** Logs an unexpected (not a query) error for the operator, with the request id. */
  readonly logInternal?: (err: unknown) => void;
  /** Stage timings (parse, retrieve, rerank) and metrics of the HTTP request. */
  readonly telemetry?: RequestTelemetry;
  /**
   * The byte limit the answer will be held to (`limits.maxResponseBytes`): the compiled path stops
   * encoding an answer once it is surely longer. Absent: no limit.
   */
  readonly responseBytes?: number;
}

/** One GraphQL request (`models.GraphQLQuery`). */
export interface GraphQLRequest {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: Readonly<Record<string, unknown>> | null;
}

/** Weaviate's `models.GraphQLResponse`. */
export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: WeaviateGraphQLError[];
}

/** Runs GraphQL requests for a set of services. */
export interface GraphQLExecutor {
  readonly schema: GraphQLSchema;
  run(request: GraphQLRequest, ctx: RequestContext): Promise<GraphQLResponseBody>;
}

/** The request context, also when a generic GraphQL server passes its own (Hono's `c`). */
function requestContextOf(ctx: unknown): RequestContext {
  const c = ctx as Partial<RequestContext> & { req?: { raw?: Request } };
  if (c?.signal && c.headers) return c as RequestContext;
  const raw = c?.req?.raw;
  const headers: Record<string, string> = {};
  raw?.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
  return { signal: raw?.signal ?? new AbortController().signal, headers };
}

function classResolver(
  services: Services,
  c: CollectionConfig,
): GraphQLFieldResolver<unknown, unknown> {
  return (_source, args, context, info) =>
    resolveClassField(services, c, requestContextOf(context), {
      args,
      selection: () =>
        readClassSelection(
          info.fieldNodes,
          (info.returnType as GraphQLList<GraphQLObjectType>).ofType,
          {
            fragments: info.fragments,
            variables: info.variableValues,
          },
        ),
      path: () => [info.path.prev?.key, info.path.key].map(String),
      locations: () => {
        const loc = info.fieldNodes[0]?.loc;
        const at = loc ? getLocation(loc.source, loc.start) : undefined;
        return at ? [{ column: at.column, line: at.line }] : null;
      },
    });
}

/**
 * A fault rather than an answer: the engine's own errors (`TypeError`, `RangeError` such as a
 * stack overflow, ...). Query, validation and store errors with a message for the client are
 * plain `Error`s and are not logged.
 */
function isInternal(err: Error | undefined): err is Error {
  if (err === undefined || err instanceof QueryError || err instanceof GraphQLError) return false;
  return err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError ||
    err instanceof SyntaxError || err instanceof EvalError || err instanceof URIError;
}

/** Options of {@link createGraphQLExecutor}. */
export interface ExecutorOptions {
  /**
   * Run the documents the compiled path covers (compiled_query.ts) without graphql-js `execute`
   * (default true). False: every document takes graphql-js `execute` and the generic encoder; the
   * answers are the same bytes (tests/graphql/compiled_differential_test.ts compares them).
   */
  readonly compiled?: boolean;
}

/** Builds the schema once and returns an executor with a document cache. */
export function createGraphQLExecutor(
  services: Services,
  opts: ExecutorOptions = {},
): GraphQLExecutor {
  const schema = buildGatewaySchema(services.config.collections, {
    resolveClass: (c) => classResolver(services, c),
    vectorizesText: (c) => services.collections.get(c.class)?.vectorizesText === true,
  });
  const limits = services.config.limits;
  const collections = new Map(services.config.collections.map((c) => [c.class, c]));
  const prepare = createDocumentPreparer(schema, {
    limits,
    ...(opts.compiled === false ? {} : {
      compile: (document, blanked) => compileQuery(document, { schema, collections, blanked }),
    }),
  });
  const refuse = (err: Parameters<typeof formatValidationError>[0]): GraphQLResponseBody => ({
    errors: [formatValidationError(err)],
  });

  /** True when the compiled form of the document runs this request. */
  function compiledRuns(prepared: PreparedDocument, request: GraphQLRequest): boolean {
    const compiled = prepared.compiled;
    return !!compiled &&
      (request.operationName == null || request.operationName === compiled.operationName);
  }

  /** graphql-js `execute`, or the compiled form when it covers the document and operation. */
  function executePrepared(
    prepared: PreparedDocument,
    request: GraphQLRequest,
    ctx: RequestContext,
  ): Promise<ExecutionResult> | ExecutionResult {
    if (compiledRuns(prepared, request)) {
      return runCompiledQuery(prepared.compiled!, {
        services,
        ctx,
        vectors: prepared.vectors ?? [],
        relocate: prepared.relocate,
      });
    }
    return execute({
      schema,
      document: prepared.document!,
      contextValue: ctx,
      variableValues: request.variables ?? undefined,
      operationName: request.operationName ?? undefined,
    });
  }

  async function run(
    request: GraphQLRequest,
    shared: RequestContext,
  ): Promise<GraphQLResponseBody> {
    // One context object per query (the budget stays shared), so a batch's items keep their own
    // error entries.
    const ctx: RequestContext = { ...shared };
    const parseStarted = performance.now();
    const prepared = prepare(request.query);
    ctx.telemetry?.stage("parse", elapsedMs(parseStarted));
    if (prepared.syntaxError) return { errors: [formatSyntaxError(prepared.syntaxError)] };
    if (prepared.validationErrors.length > 0) {
      return { errors: prepared.validationErrors.map((e) => formatValidationError(e, schema)) };
    }
    if (ctx.budget) {
      // Synchronous up to here, so a batch's items draw from the budget in order.
      ctx.budget.classFields -= prepared.classFields ?? 0;
      if (ctx.budget.classFields < 0) return refuse(batchTooManyClassFields(limits.maxClassFields));
    }
    if (
      request.variables &&
      valueDepth(request.variables, limits.maxQueryDepth) > limits.maxQueryDepth
    ) {
      return refuse(variablesTooDeep(limits.maxQueryDepth));
    }
    let result: ExecutionResult;
    try {
      result = await executePrepared(prepared, request, ctx);
    } catch (err) {
      if (isStackOverflow(err)) return refuse(queryTooComplex(limits.maxQueryDepth));
      throw err;
    }
    const body: GraphQLResponseBody = {};
    if (result.data != null) body.data = result.data as Record<string, unknown>;
    const warnings = takeWarnings(ctx);
    if (result.errors && result.errors.length > 0) {
      const relocate = compiledRuns(prepared, request) ? prepared.relocate : undefined;
      body.errors = result.errors.map((e) => {
        const formatted = formatExecutionError(e);
        const at = relocate && formatted.locations
          ? { ...formatted, locations: formatted.locations.map((l) => relocate(l)) }
          : formatted;
        // A stack overflow (variable coercion, a resolver) is the query's shape, not a bug.
        return isStackOverflow(e) || isStackOverflow(e.originalError)
          ? { ...at, message: queryTooComplex(limits.maxQueryDepth).message }
          : at;
      });
      // Query errors are the client's; anything else is a fault the operator must see (an abort
      // is the client leaving or the deadline, answered elsewhere).
      if (ctx.logInternal && !ctx.signal.aborted) {
        for (const e of result.errors) {
          if (isInternal(e.originalError) && !isStackOverflow(e.originalError)) {
            ctx.logInternal(e.originalError);
          }
        }
      }
    }
    if (warnings.length > 0) body.errors = [...(body.errors ?? []), ...warnings];
    return body;
  }

  return { schema, run };
}
