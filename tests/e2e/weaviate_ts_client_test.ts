/**
 * The unmodified npm `weaviate-ts-client` (v2, GraphQL builder) against the real server on a
 * loopback port, serving the built-in sample configuration (MiniLM embedder + cross-encoder) with
 * synthetic stand-ins for both models, so the client goes through the real ONNX code paths without
 * a download. Synthetic weights make the scores meaningless: the test checks shapes and order.
 */
import { defaultConfig } from "../../src/pipeline/catalog.ts";
import assert from "node:assert/strict";
import * as weaviateModule from "npm:weaviate-ts-client@2.2.0";
import { createApp } from "../../src/http/app.ts";
import { buildServices } from "../../src/pipeline/build_services.ts";

import { readTextFile } from "../../src/runtime/deno.ts";
import { syntheticModelsDir } from "../helpers/synthetic_models.ts";
import { testRuntime } from "../../tools/testing/runtime.ts";

// The package's types are CJS-flavoured, so Deno types the default import as the namespace.
const weaviate = weaviateModule.default as unknown as {
  client(params: { scheme: string; host: string }): weaviateModule.WeaviateClient;
};

Deno.test({
  name: "weaviate-ts-client v2: seed query with rerank over a real loopback server",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const services = await buildServices(defaultConfig(), {
      runtime: testRuntime({ readText: readTextFile, modelsDir: await syntheticModelsDir() }),
      signal: AbortSignal.timeout(30_000),
    });
    const ac = new AbortController();
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
      createApp(services).fetch,
    );
    try {
      const client = weaviate.client({ scheme: "http", host: `127.0.0.1:${server.addr.port}` });
      const meta = await client.misc.metaGetter().do();
      assert.ok(meta.version >= "1.27.0", `meta version ${meta.version}`);
      const res = await client.graphql.get()
        .withClassName("JeopardyQuestion")
        .withFields(
          'answer question _additional { distance rerank(property: "answer" query: "floating") { score } }',
        )
        .withNearText({ concepts: ["flying"] })
        .withLimit(10)
        .do();
      const rows = res.data.Get.JeopardyQuestion as {
        answer: string;
        _additional: { distance: number; rerank: { score: number }[] };
      }[];
      assert.equal(rows.length, 10);
      const scores = rows.map((r) => r._additional.rerank[0].score);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "sorted by rerank score");
      // The cross-encoder's raw logits: real numbers, not reranker-dummy's byte lengths.
      assert.ok(scores.some((s) => !Number.isInteger(s)), `cross-encoder logits: ${scores}`);
      for (const r of rows) assert.equal(typeof r._additional.distance, "number");
      const bm25 = await client.graphql.get()
        .withClassName("JeopardyQuestion")
        .withFields("answer _additional { score }")
        .withBm25({ query: "balloon" })
        .withLimit(3)
        .do();
      const hits = bm25.data.Get.JeopardyQuestion as { _additional: { score: string } }[];
      assert.ok(hits.length > 0);
      assert.equal(typeof hits[0]._additional.score, "string");
    } finally {
      ac.abort();
      await server.finished;
    }
  },
});
