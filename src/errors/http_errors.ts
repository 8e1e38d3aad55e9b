/**
 * The error catalogue: every HTTP-level error the gateway returns, keyed by a stable code, with the
 * status and the exact Weaviate body shape. Unknown errors are masked at the edge (no stack traces,
 * no upstream URLs, no keys) by {@link errorResponse}.
 * @module
 */

/**
 * Weaviate's two JSON error bodies: go-openapi's `{"code","message"}` (auth middleware) and
 * `models.ErrorResponse` `{"error":[{"message"}]}` (handlers). `empty` = status with no body.
 */
export type ErrorShape = "codeMessage" | "errorList" | "empty";

interface CatalogueEntry {
  readonly status: number;
  readonly shape: ErrorShape;
  /** The message; `%s` is replaced by the detail passed to {@link httpError}. */
  readonly message: string;
}

/** Every HTTP error the gateway produces. Messages are Weaviate's texts where Weaviate has one. */
export const ERRORS = {
  /** Bearer token present but not one of the configured API keys. */
  invalid_api_key: { status: 401, shape: "codeMessage", message: "unauthorized: invalid api key" },
  /** No Authorization header while anonymous access is disabled (Weaviate's text, verbatim). */
  anonymous_not_enabled: {
    status: 401,
    shape: "codeMessage",
    message:
      "anonymous access not enabled. Please authenticate through one of the available methods: [API-keys, OIDC]",
  },
  /** Authorization header sent although no API keys are configured. */
  no_auth_scheme: {
    status: 401,
    shape: "codeMessage",
    message: "no authentication scheme is configured (API Key or OIDC), " +
      "but an 'Authorization' header was provided. Please configure an auth scheme " +
      "or remove the header for anonymous access",
  },
  /** An admin endpoint called while no API key is configured (they always need one). */
  admin_needs_key: {
    status: 401,
    shape: "codeMessage",
    message: "admin endpoints need an API key, and none is configured (authentication.apiKeysEnv)",
  },
  /** `POST /v1/graphql` with an empty or missing `query`. */
  query_empty: { status: 422, shape: "errorList", message: "query cannot be empty" },
  /** `variables` present but not a JSON object; detail = the Go-ish type name. */
  variables_not_object: {
    status: 422,
    shape: "errorList",
    message: "variables must be a JSON object, got %s",
  },
  /** No collection configured (Weaviate: empty schema, no GraphQL provider). */
  no_graphql_provider: {
    status: 422,
    shape: "errorList",
    message:
      "no graphql provider present, this is most likely because no schema is present. Import a schema first!",
  },
  /** Request body is not valid JSON; detail = parser message. */
  invalid_json: { status: 422, shape: "errorList", message: "couldn't unmarshal json: %s" },
  /** `POST /v1/graphql/batch` with an empty array. */
  batch_empty: {
    status: 422,
    shape: "errorList",
    message: "The request is well-formed but was unable to be followed due to semantic errors.",
  },
  /** `POST /v1/graphql/batch` with more than `limits.maxBatchItems` items; detail = counts. */
  batch_too_large: { status: 422, shape: "errorList", message: "batch too large: %s" },
  /** Body larger than `limits.maxRequestBytes`; detail = the limit in bytes. */
  request_too_large: {
    status: 413,
    shape: "errorList",
    message: "request body too large: the limit is %s bytes",
  },
  /** POST without `Content-Type: application/json` (go-swagger's text); detail = the quoted type. */
  unsupported_media_type: {
    status: 415,
    shape: "codeMessage",
    message: "unsupported media type %s, only [application/json] are allowed",
  },
  /** The body did not arrive within `limits.requestTimeoutMs`. */
  request_timeout: {
    status: 408,
    shape: "errorList",
    message: "request timeout: the body was not received within the request deadline",
  },
  /** The answer was not ready within `limits.requestTimeoutMs`; detail = the limit in ms. */
  deadline_exceeded: {
    status: 504,
    shape: "errorList",
    message: "request deadline exceeded: the limit is %s ms",
  },
  /** Every slot and queue place taken (`limits.maxConcurrentRequests` + `maxQueuedRequests`). */
  overloaded: {
    status: 503,
    shape: "errorList",
    message: "too many requests in flight, retry later",
  },
  /** `POST /v1/admin/reload` whose new config or data failed; detail = why. */
  reload_failed: {
    status: 422,
    shape: "errorList",
    message: "reload failed, the previous config and data keep serving: %s",
  },
  /** Unknown route, or `GET /v1/schema/{className}` for an unknown class (Weaviate: no body). */
  not_found: { status: 404, shape: "empty", message: "not found" },
  /** Anything not in this catalogue: masked so no internals leak. */
  internal: { status: 500, shape: "errorList", message: "internal server error" },
  /** The same, with the request id the operator finds in the log; detail = the id. */
  internal_with_id: {
    status: 500,
    shape: "errorList",
    message: "internal server error (request id %s)",
  },
} as const satisfies Record<string, CatalogueEntry>;

/** A catalogue code. */
export type ErrorCode = keyof typeof ERRORS;

/** An error from the catalogue; carries everything needed to render it. */
export class GatewayError extends Error {
  /** Catalogue code. */
  readonly code: ErrorCode;
  /** HTTP status. */
  readonly status: number;
  /** Body shape. */
  readonly shape: ErrorShape;

  /** Prefer {@link httpError}. */
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "GatewayError";
    this.code = code;
    const entry: CatalogueEntry = ERRORS[code];
    this.status = entry.status;
    this.shape = entry.shape;
  }
}

/**
 * Builds the catalogue error `code`, filling `%s` with `detail`. `cause` is kept for logs only and
 * never rendered.
 */
export function httpError(
  code: ErrorCode,
  detail?: string | number,
  opts: { cause?: unknown } = {},
): GatewayError {
  const template: string = ERRORS[code].message;
  const message = template.replace("%s", detail === undefined ? "" : String(detail));
  return new GatewayError(
    code,
    message,
    opts.cause === undefined ? undefined : { cause: opts.cause },
  );
}

/** Weaviate's `models.ErrorResponse` body: `{"error":[{"message":"..."}]}`. */
export function weaviateErrorBody(message: string): { error: { message: string }[] } {
  return { error: [{ message }] };
}

/** go-openapi's error body, used by Weaviate's auth layer: `{"code":401,"message":"..."}`. */
export function codeMessageBody(
  status: number,
  message: string,
): { code: number; message: string } {
  return { code: status, message };
}

/**
 * Renders any thrown value as a Response. A {@link GatewayError} gets its catalogue shape;
 * anything else becomes a bare 500 so stack traces, upstream URLs and keys never reach a client.
 */
export function errorResponse(err: unknown): Response {
  const e = err instanceof GatewayError ? err : httpError("internal");
  if (e.shape === "empty") return new Response(null, { status: e.status });
  const body = e.shape === "codeMessage"
    ? codeMessageBody(e.status, e.message)
    : weaviateErrorBody(e.message);
  return new Response(JSON.stringify(body) + "\n", {
    status: e.status,
    headers: { "content-type": "application/json" },
  });
}
