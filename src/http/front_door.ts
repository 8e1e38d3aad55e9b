/**
 * The front door every request passes before the routes: CORS (a preflight answered first, the
 * headers on every answer), request id, one normalised path (the auth check and the router see the
 * same), the request deadline (`limits.requestTimeoutMs`, its signal handed to the routes and the
 * pipeline), the concurrency queue (`limits.maxConcurrentRequests` / `maxQueuedRequests`, 503 +
 * `Retry-After` when full), the admin reload endpoint, and the operator log of internal errors (answered with a generic 500 naming
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
import type { Admission, Release } from "./admission.ts";
import { adminAuthError } from "./auth.ts";
import { corsPreflight, setCorsHeaders } from "./cors.ts";
import { RequestDeadline } from "./deadline.ts";
import { type DeadlineClock, sharedDeadlineClock } from "./deadline_clock.ts";
import { isNormalPath, normalizePath } from "./normalize_path.ts";
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
  /** The request deadline's signal (also aborts when the client goes away). */
  readonly signal: AbortSignal;
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
  /** Times the request deadlines (default: {@link sharedDeadlineClock}, this door's own). */
  readonly clock?: DeadlineClock;
}

/**
 * The path of `url` (an absolute URL as `Request.url` spells it) without parsing it: from the
 * first `/` after the scheme and host to the query.
 */
function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  let end = url.length;
  const query = url.indexOf("?", start);
  if (query >= 0) end = query;
  const hash = url.indexOf("#", start);
  if (hash >= 0 && hash < end) end = hash;
  return url.slice(start, end);
}

/**
 * Builds the `Request -> Response` front door; it never throws. Every answer carries the CORS
 * headers; `OPTIONS` is answered first (a preflight).
 */
export function createFrontDoor(opts: FrontDoorOptions): (req: Request) => Promise<Response> {
  const json = opts.logFormat === "json";
  const clock = opts.clock ?? sharedDeadlineClock();
  const run = async (req: Request): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(req.headers.get("x-request-id"));
    const services = opts.source.current();
    const raw = pathOf(req.url);
    // Most paths are already normal: then the request goes on as it came, no URL is parsed.
    let url: URL | undefined;
    let path = raw;
    if (!isNormalPath(raw)) {
      url = new URL(req.url);
      url.pathname = normalizePath(url.pathname);
      path = url.pathname;
    }
    const recorder = opts.metrics?.request();
    // A key pasted into a URL by mistake stays out of the log.
    const shownPath = () => redactSecrets(path, services.apiKeys);
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
            path: shownPath(),
            error: text,
          })
          : `rerank-gateway: request ${requestId}: ${req.method} ${shownPath()}: internal error: ${text}`,
      );
    };
    const res = await serve(
      req,
      url,
      path,
      started,
      services,
      requestId,
      logInternal,
      recorder?.telemetry,
    );
    const status = res.status;
    const seconds = (performance.now() - started) / 1000;
    const route = routeOf(path);
    recorder?.done(req.method, route, status, seconds);
    if (json) {
      opts.log(jsonLogLine(status >= 500 ? "error" : "info", "request", {
        request_id: requestId,
        method: req.method,
        path: shownPath(),
        route,
        status,
        duration_ms: Math.round(seconds * 1e6) / 1000,
      }));
    }
    const timing = recorder && isGraphQLPath(path) ? recorder.serverTiming() : undefined;
    return finish(res, requestId, timing);
  };
  return async (req) => {
    if (req.method === "OPTIONS") return corsPreflight();
    try {
      return await run(req);
    } catch (err) {
      // serve() answers its own errors; whatever else throws (the operator's `log`, say) still
      // gets an answer, masked.
      return finish(errorResponse(err), undefined, undefined);
    }
  };

  async function serve(
    req: Request,
    url: URL | undefined,
    path: string,
    started: number,
    services: Services,
    requestId: string,
    logInternal: (err: unknown) => void,
    telemetry: RequestTelemetry | undefined,
  ): Promise<Response> {
    const timeoutMs = services.config.limits.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs;
    const deadline = new RequestDeadline(req.signal, timeoutMs, clock, started);
    let release: Release | undefined;
    try {
      if (!isProbe(path)) {
        release = opts.admission.tryAcquire() ??
          await waitForSlot(opts.admission, req, deadline);
        if (release === undefined) return overloaded();
      }
      if (path === RELOAD_PATH && req.method === "POST" && opts.source.reload) {
        return await reload(req, services, opts.source.reload);
      }
      const env: RequestEnv = {
        requestId,
        logInternal,
        telemetry,
        get signal() {
          return deadline.signal;
        },
      };
      const served = Promise.resolve(
        opts.routesFor(services).fetch(forwarded(req, url, deadline), env),
      );
      return await untilDeadline(served, deadline, timeoutMs, logInternal);
    } catch (err) {
      if (err instanceof GatewayError) return errorResponse(err);
      logInternal(err);
      return errorResponse(httpError("internal_with_id", requestId));
    } finally {
      deadline.dispose();
      release?.();
    }
  }
}

/**
 * The request the routes see: with a normal path, the request as it came (a copy costs more than
 * the rest of the front door: its signal is a dependent signal, as costly as `AbortSignal.any`);
 * the routes find the deadline's signal in `env.signal`. Otherwise a copy with the normal path,
 * the body stream itself (`new Request(req)` alone would proxy it and read ahead: a body refused
 * by its Content-Length must stay unread), the client's headers and the deadline's signal.
 */
function forwarded(req: Request, url: URL | undefined, deadline: RequestDeadline): Request {
  if (url === undefined) return req;
  const bodiless = req.method === "GET" || req.method === "HEAD";
  return new Request(url, {
    method: req.method,
    headers: req.headers,
    body: bodiless ? null : req.body,
    signal: deadline.signal,
    duplex: "half",
  } as RequestInit);
}

/**
 * A place in the queue, then a slot; `undefined` (the body cancelled) when the queue is full or
 * the deadline or the client ends the wait.
 */
async function waitForSlot(
  admission: Admission,
  req: Request,
  deadline: RequestDeadline,
): Promise<Release | undefined> {
  const slot = admission.acquire(deadline.signal);
  try {
    if (slot !== undefined) return await slot;
  } catch {
    // Aborted while waiting: answered like a full queue.
  }
  await req.body?.cancel().catch(() => {});
  return undefined;
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
  deadline: RequestDeadline,
  timeoutMs: number,
  logInternal: (err: unknown) => void,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    deadline.onExpire(() => {
      setTimeout(() => {
        if (settled) return;
        settled = true;
        // A late answer is dropped; a late failure is still the operator's to know about.
        served.then((r) => r.body?.cancel().catch(() => {}), (err) => {
          if (!(err instanceof GatewayError)) logInternal(err);
        });
        resolve(errorResponse(httpError("deadline_exceeded", timeoutMs)));
      }, 0);
    });
    served.then((r) => {
      if (settled) return;
      settled = true;
      resolve(r);
    }, (err) => {
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
 * Sets the CORS headers, `X-Request-Id` (and `Connection: close` after an unread body,
 * `Server-Timing` on GraphQL answers), copying the response first when its headers are immutable.
 */
function finish(
  res: Response,
  requestId: string | undefined,
  serverTiming: string | undefined,
): Response {
  const set = (r: Response) => {
    const headers = r.headers;
    setCorsHeaders(headers);
    if (requestId !== undefined) headers.set("x-request-id", requestId);
    if (serverTiming !== undefined) headers.set("server-timing", serverTiming);
    if (CLOSE_AFTER.has(r.status)) headers.set("connection", "close");
    return r;
  };
  try {
    return set(res);
  } catch {
    return set(new Response(res.body, res));
  }
}
