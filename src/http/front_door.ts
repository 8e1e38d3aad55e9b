/**
 * The front door every request passes before the routes: request id, one normalised path (the
 * auth check and the router see the same), the request deadline (`limits.requestTimeoutMs`, its
 * signal handed to the routes and the pipeline), the concurrency queue
 * (`limits.maxConcurrentRequests` / `maxQueuedRequests`, 503 + `Retry-After` when full), the admin
 * reload endpoint, and the operator log of internal errors (answered with a generic 500 naming
 * the request id). The services are read once per request, so a reload never changes the
 * snapshot a request in flight works on. It also records each request in the metrics registry
 * (route template, status, latency), writes `Server-Timing` on GraphQL answers and, with JSON
 * logs, one `request` line per request with its id.
 *
 * What this can and cannot bound on Deno: `Deno.serve` (2.9) has no header-read, body-read or
 * idle keep-alive timeout, and calls the handler only once the headers are complete. So slow
 * headers and idle keep-alive connections are never seen here; a slow body, the queue and our
 * own work are bounded by the deadline (the body read is cancelled and answered 408, with
 * `Connection: close`, but the socket stays open until the client closes it). Put a proxy with
 * header, body and idle timeouts and a per-client connection limit in front of an exposed
 * gateway (nginx `client_header_timeout` / `client_body_timeout` / `keepalive_timeout` /
 * `limit_conn`, or Caddy / Envoy equivalents).
 * @module
 */
import type { Hono } from "hono";
import { DEFAULT_LIMITS } from "../config/default_limits.ts";
import { errorResponse, GatewayError, httpError } from "../errors/http_errors.ts";
import type { ReloadOutcome, ServicesSource } from "../pipeline/snapshot.ts";
import type { Services } from "../pipeline/services.ts";
import { redactSecrets } from "../remote/redact.ts";
import type { Admission } from "./admission.ts";
import { adminAuthError } from "./auth.ts";
import { normalizePath } from "./normalize_path.ts";
import { requestIdOf } from "./request_id.ts";
import type { RequestTelemetry } from "../core/telemetry.ts";
import { jsonLogLine, type LogFormat } from "./log.ts";
import { type GatewayMetrics, routeOf } from "./metrics.ts";

/** The reload endpoint (POST, an API key always required). */
export const RELOAD_PATH = "/v1/admin/reload";

/** Seconds a client is told to wait after a 503 of a full queue. */
const RETRY_AFTER_SECONDS = "1";

/** Probes answer under any load: they never wait in the queue. */
function isProbe(path: string): boolean {
  return path === "/v1/.well-known/live" || path === "/v1/.well-known/ready";
}

/** What the per-request context of the routes carries (Hono `c.env` of the routes app). */
export interface RequestEnv {
  readonly requestId: string;
  /** Logs an internal error of this request for the operator (redacted, with the request id). */
  readonly logInternal: (err: unknown) => void;
  /** Stage timings and metrics of this request (absent without a metrics registry). */
  readonly telemetry?: RequestTelemetry;
}

/** Options of {@link createFrontDoor}. */
export interface FrontDoorOptions {
  readonly source: ServicesSource & { reload?: () => Promise<ReloadOutcome> };
  /** The routes app of a snapshot (built once per snapshot). */
  readonly routesFor: (services: Services) => Hono;
  readonly admission: Admission;
  /** Operator log. */
  readonly log: (line: string) => void;
  /** `json`: internal errors as JSON lines, plus one `request` line per request. */
  readonly logFormat?: LogFormat;
  /** Requests by route and status, latency, and each request's stage timings. */
  readonly metrics?: GatewayMetrics;
}

/** Builds the `Request -> Response` front door; it never throws. */
export function createFrontDoor(opts: FrontDoorOptions): (req: Request) => Promise<Response> {
  const json = opts.logFormat === "json";
  return async (req) => {
    const started = performance.now();
    const requestId = requestIdOf(req.headers.get("x-request-id"));
    const services = opts.source.current();
    const url = new URL(req.url);
    url.pathname = normalizePath(url.pathname);
    const path = url.pathname;
    const recorder = opts.metrics?.request();
    // A key pasted into a URL by mistake stays out of the log.
    const shownPath = redactSecrets(path, services.apiKeys);
    const logInternal = (err: unknown) => {
      const text = redactSecrets(
        err instanceof Error ? (err.stack ?? err.message) : String(err),
        services.apiKeys,
      );
      opts.log(
        json
          ? jsonLogLine("error", "internal error", {
            request_id: requestId,
            method: req.method,
            path: shownPath,
            error: text,
          })
          : `rerank-gateway: request ${requestId}: ${req.method} ${shownPath}: internal error: ${text}`,
      );
    };
    const res = await serve(req, url, services, requestId, logInternal, recorder?.telemetry);
    const status = res.status;
    const seconds = (performance.now() - started) / 1000;
    recorder?.done(req.method, routeOf(path), status, seconds);
    if (json) {
      opts.log(jsonLogLine(status >= 500 ? "error" : "info", "request", {
        request_id: requestId,
        method: req.method,
        path: shownPath,
        route: routeOf(path),
        status,
        duration_ms: Math.round(seconds * 1e6) / 1000,
      }));
    }
    const timing = recorder && isGraphQLPath(path) ? recorder.serverTiming() : undefined;
    return finish(res, requestId, timing);
  };

  async function serve(
    req: Request,
    url: URL,
    services: Services,
    requestId: string,
    logInternal: (err: unknown) => void,
    telemetry: RequestTelemetry | undefined,
  ): Promise<Response> {
    const path = url.pathname;
    const timeoutMs = services.config.limits.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs;
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException("request deadline exceeded", "TimeoutError")),
      timeoutMs,
    );
    const signal = AbortSignal.any([req.signal, deadline.signal]);
    let release: (() => void) | undefined;
    try {
      if (!isProbe(path)) {
        const slot = opts.admission.acquire(signal);
        if (slot === undefined) {
          await req.body?.cancel().catch(() => {});
          return overloaded();
        }
        try {
          release = await slot;
        } catch {
          await req.body?.cancel().catch(() => {});
          return overloaded();
        }
      }
      if (path === RELOAD_PATH && req.method === "POST" && opts.source.reload) {
        return await reload(req, services, opts.source.reload);
      }
      const forwarded = new Request(url, {
        method: req.method,
        headers: req.headers,
        body: req.method === "GET" || req.method === "HEAD" ? null : req.body,
        signal,
        duplex: "half",
      } as RequestInit);
      const env: RequestEnv = { requestId, logInternal, telemetry };
      const served = Promise.resolve(opts.routesFor(services).fetch(forwarded, env));
      return await untilDeadline(served, deadline.signal, timeoutMs, logInternal);
    } catch (err) {
      if (err instanceof GatewayError) return errorResponse(err);
      logInternal(err);
      return errorResponse(httpError("internal_with_id", requestId));
    } finally {
      clearTimeout(timer);
      release?.();
    }
  }
}

/** The GraphQL endpoints, whose every answer carries `Server-Timing`. */
function isGraphQLPath(path: string): boolean {
  return path === "/v1/graphql" || path === "/v1/graphql/batch";
}

function overloaded(): Response {
  const res = errorResponse(httpError("overloaded"));
  res.headers.set("retry-after", RETRY_AFTER_SECONDS);
  return res;
}

/**
 * The routes' answer, or a 504 when the deadline passes first. After the deadline the routes get
 * one turn of the event loop to answer their own error (a 408 of an abandoned body read).
 */
function untilDeadline(
  served: Promise<Response>,
  deadline: AbortSignal,
  timeoutMs: number,
  logInternal: (err: unknown) => void,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      setTimeout(() => {
        if (settled) return;
        settled = true;
        // A late answer is dropped; a late failure is still the operator's to know about.
        served.then((r) => r.body?.cancel().catch(() => {}), (err) => {
          if (!(err instanceof GatewayError)) logInternal(err);
        });
        resolve(errorResponse(httpError("deadline_exceeded", timeoutMs)));
      }, 0);
    };
    if (deadline.aborted) onAbort();
    else deadline.addEventListener("abort", onAbort, { once: true });
    served.then((r) => {
      deadline.removeEventListener("abort", onAbort);
      if (settled) return;
      settled = true;
      resolve(r);
    }, (err) => {
      deadline.removeEventListener("abort", onAbort);
      if (settled) return;
      settled = true;
      reject(err);
    });
  });
}

async function reload(
  req: Request,
  services: Services,
  run: () => Promise<ReloadOutcome>,
): Promise<Response> {
  await req.body?.cancel().catch(() => {});
  const denied = adminAuthError(req.headers.get("authorization") ?? undefined, services.apiKeys);
  if (denied) return errorResponse(denied);
  const outcome = await run();
  if (!outcome.ok) return errorResponse(httpError("reload_failed", outcome.error));
  return Response.json({ reloaded: true, classes: outcome.classes });
}

/**
 * Answers whose request body was left unread (too large, too slow): the connection is closed
 * after them rather than kept for the rest of that body.
 */
const CLOSE_AFTER = new Set([408, 413]);

/**
 * Sets `X-Request-Id` (and `Connection: close` after an unread body, `Server-Timing` on GraphQL
 * answers), copying the response first when its headers are immutable.
 */
function finish(res: Response, requestId: string, serverTiming: string | undefined): Response {
  const set = (r: Response) => {
    r.headers.set("x-request-id", requestId);
    if (serverTiming !== undefined) r.headers.set("server-timing", serverTiming);
    if (CLOSE_AFTER.has(r.status)) r.headers.set("connection", "close");
    return r;
  };
  try {
    return set(res);
  } catch {
    return set(new Response(res.body, res));
  }
}
