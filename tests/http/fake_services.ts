/**
 * A fake {@link Services} for HTTP tests: the real config parser, and a stub retriever that
 * returns nothing, so these tests never depend on the embedded store.
 * @module
 */
import { Hono } from "hono";
import { parseConfig } from "../../src/config/schema.ts";
import type { GatewayConfig } from "../../src/config/types.ts";
import type { Collection, Services } from "../../src/services.ts";
import type { Retriever } from "../../src/stores/retriever.ts";
import { createCorsMiddleware } from "../../src/http/cors.ts";
import { createAuthMiddleware } from "../../src/http/auth.ts";
import { createMetaApp } from "../../src/http/meta.ts";
import { createSchemaApp } from "../../src/http/schema.ts";
import { createWellKnownApp } from "../../src/http/well_known.ts";

/** A retriever that finds nothing. */
export const emptyRetriever: Retriever = {
  capabilities: {
    modes: new Set(["list"]),
    filters: false,
    sort: false,
    groupBy: false,
    cursor: false,
  },
  retrieve: () => Promise.resolve([]),
};

/** The raw test config: `Article` (dummy reranker, hash vectorizer) and `Note` (plain). */
export function rawTestConfig(): Record<string, unknown> {
  return {
    collections: [
      {
        class: "Article",
        description: "News articles",
        properties: [
          { name: "title", dataType: ["text"], description: "Headline" },
          { name: "tags", dataType: ["text[]"], tokenization: "field" },
          { name: "views", dataType: ["int"] },
          { name: "published", dataType: ["date"], indexFilterable: false },
        ],
        vectorizer: "text2vec-hash",
        moduleConfig: { "text2vec-hash": { dimensions: 64 }, "reranker-dummy": {} },
        vectorIndexConfig: { distance: "dot" },
        store: { kind: "embedded", files: ["/secret/place/articles.json"] },
      },
      {
        class: "Note",
        properties: [{ name: "body", dataType: ["text"] }],
        store: { kind: "embedded", files: ["/secret/place/notes.jsonl"], idField: "uuid" },
      },
    ],
  };
}

/** Options of {@link fakeServices}. */
export interface FakeServicesOptions {
  readonly anonymousAccessEnabled?: boolean;
  readonly apiKeys?: readonly string[];
  readonly ready?: () => boolean;
}

/** Services over {@link rawTestConfig} with stub retrievers. */
export function fakeServices(opts: FakeServicesOptions = {}): Services {
  const raw = rawTestConfig();
  raw.authentication = {
    anonymousAccessEnabled: opts.anonymousAccessEnabled ?? true,
    ...(opts.apiKeys ? { apiKeysEnv: "TEST_API_KEYS" } : {}),
  };
  const parsed = parseConfig(raw);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const config: GatewayConfig = parsed.config;
  const collections = new Map<string, Collection>(
    config.collections.map((c) => [c.class, { config: c, retriever: emptyRetriever }]),
  );
  return { config, collections, apiKeys: opts.apiKeys ?? [], ready: opts.ready };
}

/**
 * The non-GraphQL part of the app as the lead mounts it: CORS, auth, then the sub-apps, plus a
 * protected stand-in for `/v1/graphql`.
 */
export function testApp(services: Services): Hono {
  const app = new Hono();
  app.use("*", createCorsMiddleware());
  app.use("*", createAuthMiddleware(services));
  app.route("/", createWellKnownApp(services));
  app.route("/", createMetaApp(services));
  app.route("/", createSchemaApp(services));
  app.post("/v1/graphql", (c) => c.json({ data: { Get: {} } }));
  return app;
}
