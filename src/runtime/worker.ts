/**
 * The Cloudflare Workers handler behind `worker.ts`: the same `createApp()` as Deno, built from the
 * Worker's `env` at the first request of an isolate and memoised (bindings exist only per request
 * and start-up must stay under 1 s, so nothing is built at module scope). A failed build (a config
 * problem) answers 500 with the reason and is retried by the next request.
 *
 * With the var `GATEWAY_DEBUG = "1"` (tests and benchmarks only) `GET /_worker/stats` answers the
 * isolate's WASM heap and every response carries `x-worker-ms`, the in-Worker handling time.
 * @module
 */
import type { Hono } from "hono";
import { createApp } from "../http/app.ts";
import { installOrtWasm, wasmHeapStats } from "./worker_ort.ts";
import { buildWorkerServices, type WorkerEnv } from "./worker_services.ts";

/** Options of {@link createWorker}. */
export interface CreateWorkerOptions {
  /** `ort-wasm-simd-threaded.wasm`, imported as a compiled module (wrangler `CompiledWasm`). */
  readonly ortWasm?: WebAssembly.Module;
  /** Files bundled into the Worker, by the path the config names them with (lazy). */
  readonly bundledFiles?: Readonly<Record<string, () => string>>;
}

/** The part of the Workers `ExecutionContext` the gateway passes on. */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** A module Worker's default export. */
export interface WorkerHandler {
  fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response>;
}

/** Creates the Worker's handler; cheap (closures only), so it may run at module scope. */
export function createWorker(opts: CreateWorkerOptions = {}): WorkerHandler {
  let app: Promise<Hono> | undefined;
  let buildMs = 0;
  const build = async (env: WorkerEnv): Promise<Hono> => {
    const started = Date.now();
    if (opts.ortWasm) installOrtWasm(opts.ortWasm);
    const services = await buildWorkerServices(env, { bundledFiles: opts.bundledFiles });
    buildMs = Date.now() - started;
    return createApp(services);
  };
  return {
    async fetch(request, env, ctx) {
      const started = Date.now();
      const debug = env.GATEWAY_DEBUG === "1";
      if (debug && new URL(request.url).pathname === "/_worker/stats") {
        return Response.json({ ...wasmHeapStats(), servicesBuildMs: buildMs });
      }
      if (!app) {
        const attempt = build(env);
        app = attempt;
        attempt.catch(() => {
          if (app === attempt) app = undefined;
        });
      }
      let response: Response;
      try {
        response = await (await app).fetch(request, env, ctx as never);
      } catch (err) {
        const message = `rerank-gateway: ${err instanceof Error ? err.message : err}`;
        console.error(message);
        return Response.json({ error: [{ message }] }, { status: 500 });
      }
      if (!debug) return response;
      const headers = new Headers(response.headers);
      headers.set("x-worker-ms", String(Date.now() - started));
      return new Response(response.body, { status: response.status, headers });
    },
  };
}
