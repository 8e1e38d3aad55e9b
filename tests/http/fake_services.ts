/**
 * A fake {@link Services} for HTTP tests: the real config parser, and a stub retriever that
 * returns nothing, so these tests never depend on the embedded store.
 * @module
 */
import { CATALOG, parseConfig } from "../../src/pipeline/catalog.ts";
import type { Hono } from "hono";
import { createApp } from "../../src/http/app.ts";

import type { GatewayConfig } from "../../src/config/types.ts";
import type { Collection, Services } from "../../src/pipeline/services.ts";
import type { Retriever } from "../../src/core/retriever.ts";

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
  return { config, collections, apiKeys: opts.apiKeys ?? [], ready: opts.ready, catalog: CATALOG };
}

/** The real app over fake services (stub retrievers: every query finds nothing). */
export function testApp(services: Services): Hono {
  return createApp(services);
}
