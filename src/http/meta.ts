/**
 * `GET /v1/meta`: what Weaviate clients read at connect time. Python v4 and TS v3 require
 * `version` >= 1.27.0; `modules` lists the modules the configured collections use.
 * @module
 */
import { Hono } from "hono";
import { findModule } from "../core/provider.ts";
import type { Services } from "../pipeline/services.ts";

/** The Weaviate version the gateway reports (its GraphQL surface follows 1.39). */
export const WEAVIATE_VERSION = "1.39.0";
/** The gateway's own version; keep in step with `deno.json`. */
export const GATEWAY_VERSION = "0.1.0";
/** Weaviate's default gRPC message limit, reported for client parity (the gateway has no gRPC). */
const GRPC_MAX_MESSAGE_SIZE = 104858000;

/** Options of {@link createMetaApp}. */
export interface MetaOptions {
  /** Reported `hostname`, e.g. `http://[::]:8080`; default: the request's origin. */
  readonly hostname?: string;
}

/** The meta route; mount with `app.route("/", createMetaApp(services))`. */
export function createMetaApp(services: Services, opts: MetaOptions = {}): Hono {
  const app = new Hono();
  app.get("/v1/meta", (c) =>
    c.json({
      gateway: { name: "rerank-gateway", version: GATEWAY_VERSION },
      grpcMaxMessageSize: GRPC_MAX_MESSAGE_SIZE,
      hostname: opts.hostname ?? new URL(c.req.url).origin,
      // Per request: a local model's backend is only known once it has loaded.
      modules: moduleMeta(services),
      version: WEAVIATE_VERSION,
    }));
  return app;
}

/**
 * `{name, documentationHref}` per module in use (vectorizers and moduleConfig keys), sorted, plus
 * what a module instance reports itself (a local model: `model`, `backend`; the first collection
 * using the module wins).
 */
function moduleMeta(services: Services): Record<string, unknown> {
  const names = new Set<string>();
  const extra = new Map<string, Readonly<Record<string, unknown>>>();
  for (const { config, reranker, vectorizer } of services.collections.values()) {
    if (config.vectorizer !== "none") names.add(config.vectorizer);
    for (const name of Object.keys(config.moduleConfig)) names.add(name);
    for (const m of [reranker, vectorizer]) {
      if (m?.meta && !extra.has(m.name)) extra.set(m.name, m.meta());
    }
  }
  const out: Record<string, unknown> = {};
  for (const name of [...names].sort()) {
    const meta = findModule(services.catalog, name)?.meta;
    const base = meta
      ? { documentationHref: meta.documentationHref, name: meta.name }
      : { documentationHref: "", name };
    out[name] = sortKeys({ ...extra.get(name), ...base });
  }
  return out;
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}
