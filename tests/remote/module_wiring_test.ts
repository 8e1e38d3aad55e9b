/**
 * The new `modules` settings reach every provider and upstream store through the registries:
 * `maxResponseBytes` (issue 11 item 6), `baseUrlAllowList` (item 1) and the runtime's resolver
 * (item 12).
 */
import assert from "node:assert/strict";
import { createReranker } from "../../src/rerankers/registry.ts";
import { createVectorizer } from "../../src/vectorizers/registry.ts";
import { createRetriever } from "../../src/stores/registry.ts";
import type { HostResolver } from "../../src/core/runtime.ts";
import type { AdditionalField } from "../../src/core/plan.ts";
import { raw, startFakeServer } from "../rerankers/fake_server.ts";
import { sampleCollection } from "../stores/upstream_fixtures.ts";

const signal = () => new AbortController().signal;
/** Every name resolves to the cloud metadata address. */
const toMetadata: HostResolver = () => Promise.resolve(["169.254.169.254"]);

Deno.test("registries: the resolver reaches the Jina reranker and the Cohere embedder", async () => {
  const deps = {
    env: () => undefined,
    resolveHost: toMetadata,
    settings: {},
  };
  const reranker = createReranker("reranker-jinaai", deps);
  await assert.rejects(
    reranker.rerank("q", ["a"], {
      signal: signal(),
      headers: { "x-jinaai-api-key": "k-123456", "x-jinaai-baseurl": "https://api.example.com" },
    }),
    { message: "X-Jinaai-Baseurl: base URL must not point to a private or loopback address" },
  );
  const vectorizer = createVectorizer("text2vec-cohere", deps);
  await assert.rejects(
    vectorizer.vectorize(["a"], {
      signal: signal(),
      headers: { "x-cohere-api-key": "k-123456", "x-cohere-baseurl": "https://api.example.com" },
    }),
    { message: "X-Cohere-Baseurl: base URL must not point to a private or loopback address" },
  );
});

Deno.test("registries: maxResponseBytes and baseUrlAllowList reach the HTTP rerankers", async () => {
  const server = startFakeServer(() => raw(`{"results":[${" ".repeat(4096)}]}`));
  try {
    const reranker = createReranker("reranker-voyageai", {
      settings: { baseURL: "https://api.voyageai.com/v1" },
      env: (n) => n === "VOYAGEAI_APIKEY" ? "env-key-123456" : undefined,
      allowPrivateBaseUrls: true,
      baseUrlAllowList: ["127.0.0.1"],
      maxResponseBytes: 1024,
    });
    await assert.rejects(
      reranker.rerank("q", ["a"], {
        signal: signal(),
        headers: { "x-voyageai-baseurl": server.url },
      }),
      {
        message: "connection to VoyageAI API failed with status 200: answer exceeds the limit of " +
          "1024 bytes (modules.maxResponseBytes)",
      },
    );
    assert.equal(server.requests[0].headers["authorization"], "Bearer env-key-123456");
  } finally {
    await server.close();
  }
});

for (const kind of ["weaviate", "qdrant"] as const) {
  Deno.test(`stores: maxResponseBytes reaches the ${kind} store`, async () => {
    const server = startFakeServer(() => raw(`{"result":[${" ".repeat(4096)}]}`));
    try {
      const base = sampleCollection();
      const store = kind === "weaviate"
        ? { kind, url: server.url, passHeaders: [] }
        : { kind, url: server.url, collection: "docs" };
      const retriever = await createRetriever({ ...base, store } as typeof base, {
        readText: () => Promise.reject(new Error("no files")),
        timeoutMs: 5000,
        maxResponseBytes: 1024,
        signal: signal(),
      });
      await assert.rejects(
        retriever.retrieve({
          collection: base.class,
          search: { kind: "list" },
          offset: 0,
          limit: 10,
          autocut: 0,
          properties: ["answer"],
          additional: new Set<AdditionalField>(),
        }, { signal: signal() }),
        {
          message:
            `${kind} upstream: answer exceeds the limit of 1024 bytes (modules.maxResponseBytes)`,
        },
      );
    } finally {
      await server.close();
    }
  });
}
