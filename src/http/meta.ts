/**
 * `GET /v1/meta`: what Weaviate clients read at connect time. Python v4 and TS v3 require
 * `version` >= 1.27.0; `modules` lists the modules the configured collections use.
 * @module
 */
import { Hono } from "hono";
import { MODULES } from "../config/modules.ts";
import type { Services } from "../services.ts";

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
  const modules = moduleMeta(services);
  const app = new Hono();
  app.get("/v1/meta", (c) =>
    c.json({
      gateway: { name: "rerank-gateway", version: GATEWAY_VERSION },
      grpcMaxMessageSize: GRPC_MAX_MESSAGE_SIZE,
      hostname: opts.hostname ?? new URL(c.req.url).origin,
      modules,
      version: WEAVIATE_VERSION,
    }));
  return app;
}

/** `{name, documentationHref}` per module in use (vectorizers and moduleConfig keys), sorted. */
function moduleMeta(services: Services): Record<string, unknown> {
  const names = new Set<string>();
  for (const { config } of services.collections.values()) {
    if (config.vectorizer !== "none") names.add(config.vectorizer);
    for (const name of Object.keys(config.moduleConfig)) names.add(name);
  }
  const out: Record<string, unknown> = {};
  for (const name of [...names].sort()) {
    const meta = MODULES[name]?.meta;
    out[name] = meta
      ? { documentationHref: meta.documentationHref, name: meta.name }
      : { documentationHref: "", name };
  }
  return out;
}
