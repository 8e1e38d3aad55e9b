/**
 * `POST /v2/rerank` (Cohere) and `POST /rerank` (TEI) over the configured rerankers: the
 * unmodified cohere-ai SDK against a real `Deno.serve` on 127.0.0.1, TEI-shaped fetch calls, a
 * gateway whose `reranker-tei` module points at another gateway's `/rerank`, the local
 * cross-encoder (a tiny ONNX model) behind the SDK, the `model`
 * mapping, the bounds and both APIs' error shapes.
 */
import assert from "node:assert/strict";
import { CohereClientV2, CohereError } from "cohere-ai";
import { createApp } from "../../src/http/app.ts";
import { testGateway } from "../helpers/harness.ts";
import type { Services } from "../../src/pipeline/services.ts";
import { createCrossEncoderReranker } from "../../src/rerankers/cross_encoder/cross_encoder.ts";
import { DENO_MODEL_IO, resolveLocalModel } from "../../src/runtime/files.ts";
import { tinyModelDir } from "../rerankers/cross_encoder/fixture.ts";

const KEY = "k-rerank-test-key";

/** `Article` (reranker-dummy: score = UTF-8 byte length) and `Plain` (no reranker). */
async function services(
  opts: { apiKeys?: string[]; anonymous?: boolean; maxRequestBytes?: number } = {},
): Promise<Services> {
  const { services } = await testGateway([
    { class: "Plain", properties: { body: "text" }, records: [] },
    {
      class: "Article",
      properties: { title: "text" },
      records: [],
      moduleConfig: { "reranker-dummy": {} },
    },
  ], {
    apiKeys: opts.apiKeys ?? [KEY],
    anonymousAccessEnabled: opts.anonymous ?? false,
    limits: opts.maxRequestBytes ? { maxRequestBytes: opts.maxRequestBytes } : {},
  });
  return services;
}

/** Serves `s` on 127.0.0.1 port 0 for the test body. */
async function withServer(
  s: Services,
  fn: (base: string) => Promise<void>,
): Promise<void> {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createApp(s, { log: () => {} }).fetch,
  );
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

async function post(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${KEY}` },
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

/** The SDK's error for `call`, as status and body. */
async function sdkError(call: Promise<unknown>): Promise<{ status?: number; body: unknown }> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof CohereError, String(err));
    return { status: err.statusCode, body: err.body };
  }
  throw new Error("expected the SDK to throw");
}

Deno.test("cohere-ai SDK: client.rerank against the gateway's /v2/rerank", async () => {
  await withServer(await services(), async (base) => {
    const client = new CohereClientV2({ token: KEY, environment: base });
    const res = await client.rerank({
      model: "Article",
      query: "which is longest?",
      documents: ["a", "ccc", "bb", "dddd"],
      topN: 3,
    });
    assert.deepEqual(
      res.results.map((r) => [r.index, r.relevanceScore]),
      [[3, 4], [1, 3], [2, 2]],
    );
    assert.equal(typeof res.id, "string");
    assert.equal(res.meta?.apiVersion?.version, "2");
    assert.equal(res.meta?.billedUnits?.searchUnits, 1);

    // The module name and no model at all reach the same reranker.
    const byModule = await client.rerank({
      model: "reranker-dummy",
      query: "q",
      documents: ["xy"],
    });
    assert.equal(byModule.results[0].relevanceScore, 2);
  });
});

Deno.test("cohere-ai SDK: the gateway's errors arrive as the SDK's typed errors", async () => {
  await withServer(await services(), async (base) => {
    const wrong = new CohereClientV2({ token: "not-the-key", environment: base });
    assert.deepEqual(
      await sdkError(wrong.rerank({ model: "Article", query: "q", documents: ["a"] })),
      {
        status: 401,
        body: { message: "unauthorized: invalid api key" },
      },
    );
    const client = new CohereClientV2({ token: KEY, environment: base });
    const missing = await sdkError(
      client.rerank({ model: "rerank-v3.5", query: "q", documents: ["a"] }),
    );
    assert.equal(missing.status, 404);
    assert.match(
      (missing.body as { message: string }).message,
      /^model 'rerank-v3\.5' not found: name a class with a reranker or a reranker module$/,
    );
    // `Plain` names no reranker itself, but the config has exactly one reranker module, so every
    // class gets it (Weaviate's one-module rule, usecases/modules/modules.go): a model too.
    const plain = await client.rerank({ model: "Plain", query: "q", documents: ["a"] });
    assert.equal(plain.results.length, 1);
    const empty = await sdkError(client.rerank({ model: "Article", query: "q", documents: [] }));
    assert.equal(empty.status, 400);
    assert.equal(
      (empty.body as { message: string }).message,
      "invalid request: list of documents must not be empty",
    );
  });
});

Deno.test("/v2/rerank: object documents, rank_fields, return_documents, max_tokens_per_doc", async () => {
  await withServer(await services(), async (base) => {
    const docs = [
      { text: "aa", title: "x" },
      { text: "a", title: "yyyyyy" },
      "bbbb",
    ];
    // Default rank field `text`; strings come back as {text}, objects as sent.
    const plain = await post(base, "/v2/rerank", {
      model: "Article",
      query: "q",
      documents: docs,
      return_documents: true,
    });
    assert.equal(plain.status, 200);
    const body = plain.json as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ["id", "results", "meta"]);
    assert.equal(body.id, plain.headers.get("x-request-id"));
    assert.deepEqual(body.results, [
      { index: 2, relevance_score: 4, document: { text: "bbbb" } },
      { index: 0, relevance_score: 2, document: { text: "aa", title: "x" } },
      { index: 1, relevance_score: 1, document: { text: "a", title: "yyyyyy" } },
    ]);
    assert.deepEqual(body.meta, {
      api_version: { version: "2" },
      billed_units: { search_units: 1 },
    });

    // Two rank fields: `field: value` lines ("text: a\ntitle: yyyyyy" = 21 bytes).
    const fields = await post(base, "/v2/rerank", {
      model: "Article",
      query: "q",
      documents: docs.slice(0, 2),
      rank_fields: ["text", "title"],
    });
    assert.deepEqual((fields.json as { results: unknown }).results, [
      { index: 1, relevance_score: 21 },
      { index: 0, relevance_score: 17 },
    ]);

    // max_tokens_per_doc: the first N words ("one two" = 7 bytes).
    const cut = await post(base, "/v2/rerank", {
      query: "q",
      documents: ["one two three four"],
      max_tokens_per_doc: 2,
    });
    assert.deepEqual((cut.json as { results: unknown }).results, [{
      index: 0,
      relevance_score: 7,
    }]);
  });
});

Deno.test("/v2/rerank: Cohere's error shape for bad input, bounds and auth", async () => {
  const s = await services({ maxRequestBytes: 4096 });
  await withServer(s, async (base) => {
    const cases: [unknown, number, RegExp][] = [
      [{ documents: ["a"] }, 400, /^invalid request: query must be a non-empty string$/],
      [{ query: "q", documents: [1] }, 400, /^invalid request: documents\[0\] must be a string/],
      [{ query: "q", documents: [{ title: "t" }] }, 400, /has none of the rank_fields \(text\)$/],
      [{ query: "q", documents: ["a"], top_n: 0 }, 400, /top_n must be a positive integer$/],
      [{ query: "q", documents: ["a"], rank_fields: "text" }, 400, /rank_fields must be/],
      [{ query: "q", documents: ["a"], return_documents: "yes" }, 400, /return_documents must/],
      ["{not json", 400, /^invalid request: couldn't unmarshal json: /],
      ["[]", 400, /^invalid request: the body must be a JSON object$/],
      [
        { query: "q", documents: ["x".repeat(5000)] },
        413,
        /^request body too large: the limit is 4096 bytes$/,
      ],
    ];
    for (const [body, status, re] of cases) {
      const res = await post(base, "/v2/rerank", body);
      assert.equal(res.status, status, JSON.stringify(body).slice(0, 80));
      const json = res.json as Record<string, unknown>;
      assert.match(String(json.message), re);
      assert.equal(json.error, undefined);
    }
    const anonymous = await post(base, "/v2/rerank", { query: "q", documents: ["a"] }, {});
    assert.equal(anonymous.status, 401);
    assert.match(
      String((anonymous.json as { message: string }).message),
      /^anonymous access not enabled/,
    );
    const mime = await fetch(`${base}/v2/rerank`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "text/plain" },
      body: "{}",
    });
    assert.equal(mime.status, 415);
    assert.deepEqual(await mime.json(), {
      message: 'unsupported media type "text/plain", only [application/json] are allowed',
    });
  });
  // More documents than the limit.
  await withServer(await services(), async (base) => {
    const res = await post(base, "/v2/rerank", {
      query: "q",
      documents: new Array(10_001).fill("a"),
    });
    assert.equal(res.status, 400);
    assert.equal(
      (res.json as { message: string }).message,
      "invalid request: too many documents: 10001, the limit is 10000",
    );
  });
});

Deno.test("TEI /rerank: a TEI-shaped call, its answer and error shapes", async () => {
  await withServer(await services({ anonymous: true, apiKeys: [] }), async (base) => {
    const none = {};
    const ok = await post(base, "/rerank", { query: "q", texts: ["a", "ccc", "bb"] }, none);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, [{ index: 1, score: 3 }, { index: 2, score: 2 }, {
      index: 0,
      score: 1,
    }]);
    const text = await post(base, "/rerank", {
      query: "q",
      texts: ["a", "bb"],
      return_text: true,
      raw_scores: false,
      truncate: true,
      truncation_direction: "Right",
    }, none);
    assert.deepEqual(text.json, [{ index: 1, text: "bb", score: 2 }, {
      index: 0,
      text: "a",
      score: 1,
    }]);

    const cases: [unknown, number, string, RegExp][] = [
      [{ query: "q", texts: [] }, 400, "Empty", /^`texts` cannot be empty$/],
      [{ texts: ["a"] }, 422, "Validation", /missing field `query`$/],
      [{ query: "q" }, 422, "Validation", /missing field `texts`$/],
      [{ query: "q", texts: "a" }, 422, "Validation", /list of strings$/],
      [{ query: "q", texts: ["a"], raw_scores: "yes" }, 422, "Validation", /`raw_scores` must be/],
      [{ query: "q", texts: ["a"], truncation_direction: "up" }, 422, "Validation", /left/],
      [{ query: "q", texts: ["a"], model: "nope" }, 422, "Validation", /^model 'nope' not found/],
      [
        { query: "q", texts: new Array(10_001).fill("a") },
        413,
        "Validation",
        /^batch size 10001 > maximum allowed batch size 10000$/,
      ],
    ];
    for (const [body, status, type, re] of cases) {
      const res = await post(base, "/rerank", body, none);
      assert.equal(res.status, status, JSON.stringify(body).slice(0, 80));
      const json = res.json as Record<string, unknown>;
      assert.equal(json.error_type, type);
      assert.match(String(json.error), re);
    }
    // An open gateway ignores a token here (SDKs always send one); GraphQL still refuses it.
    const header = await post(base, "/rerank", { query: "q", texts: ["a"] });
    assert.equal(header.status, 200);
    const gql = await post(base, "/v1/graphql", { query: "{ Get { Article { title } } }" });
    assert.equal(gql.status, 401);
  });
  // With keys configured, a wrong one is TEI-shaped 401.
  await withServer(await services(), async (base) => {
    const wrong = await post(base, "/rerank", { query: "q", texts: ["a"] }, {
      authorization: "Bearer wrong",
    });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.json, {
      error: "unauthorized: invalid api key",
      error_type: "Unauthorized",
    });
  });
});

Deno.test("reranker-tei pointed at another gateway's /rerank: a remote reranker behind /v2/rerank", async () => {
  await withServer(await services({ anonymous: true, apiKeys: [] }), async (inner) => {
    const { services: outer } = await testGateway([{
      class: "Remote",
      properties: { body: "text" },
      records: [],
      moduleConfig: { "reranker-tei": { url: inner } },
    }], { apiKeys: [KEY], anonymousAccessEnabled: false });
    await withServer(outer, async (base) => {
      const client = new CohereClientV2({ token: KEY, environment: base });
      const res = await client.rerank({
        model: "reranker-tei",
        query: "q",
        documents: ["bb", "a", "cccc"],
      });
      assert.deepEqual(res.results.map((r) => [r.index, r.relevanceScore]), [[2, 4], [0, 2], [
        1,
        1,
      ]]);
    });
  });
  // The remote one failing is Cohere's 500 with the provider's text (no internal URL).
  const { services: broken } = await testGateway([{
    class: "Remote",
    properties: { body: "text" },
    records: [],
    moduleConfig: { "reranker-tei": { url: "http://127.0.0.1:9" } },
  }], { anonymousAccessEnabled: true });
  await withServer(broken, async (base) => {
    const res = await post(base, "/v2/rerank", { query: "q", documents: ["a"] }, {});
    assert.equal(res.status, 500);
    const message = (res.json as { message: string }).message;
    assert.match(message, /^reranker-tei: rerank failed: /);
    assert.doesNotMatch(message, /127\.0\.0\.1:9/);
  });
});

Deno.test("cohere-ai SDK against an open gateway (anonymous, no keys): its token is ignored", async () => {
  await withServer(await services({ anonymous: true, apiKeys: [] }), async (base) => {
    const client = new CohereClientV2({ token: "anything", environment: base });
    const res = await client.rerank({ model: "Article", query: "q", documents: ["a", "bb"] });
    assert.deepEqual(res.results.map((r) => r.index), [1, 0]);
  });
});

Deno.test("the local cross-encoder behind /v2/rerank: SDK scores, then tokens, cache hits and load time in /metrics", async () => {
  const dir = await tinyModelDir();
  const { services: s } = await testGateway([{
    class: "Local",
    properties: { body: "text" },
    records: [],
    moduleConfig: { "reranker-transformers": { model: "ms-marco-MiniLM-L-6-v2" } },
  }], {
    apiKeys: [KEY],
    anonymousAccessEnabled: false,
    createReranker: () =>
      createCrossEncoderReranker({
        model: `${dir}/model.onnx`,
        resolve: resolveLocalModel,
        io: DENO_MODEL_IO,
        backend: "wasm",
      }),
  });
  await withServer(s, async (base) => {
    const client = new CohereClientV2({ token: KEY, environment: base });
    const docs = ["a ship can float on water", "Zeppelin", "hot air rises"];
    const first = await client.rerank({ model: "Local", query: "floating", documents: docs });
    const again = await client.rerank({
      model: "reranker-transformers",
      query: "floating",
      documents: docs,
    });
    assert.equal(first.results.length, 3);
    assert.deepEqual(again.results, first.results);
    const scores = first.results.map((r) => r.relevanceScore);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
    const text =
      await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${KEY}` } }))
        .text();
    const value = (name: string) =>
      Number(
        text.split("\n").find((l) =>
          l.startsWith(`${name}{collection="Local",reranker="reranker-transformers"} `)
        )?.split(" ")[1],
      );
    assert.ok(value("gateway_rerank_tokens_total") > 0);
    assert.equal(value("gateway_rerank_cache_misses_total"), 3);
    assert.equal(value("gateway_rerank_cache_hits_total"), 3);
    assert.ok(value("gateway_model_load_seconds") > 0);
  });
});

Deno.test("reranker-cohere pointed at another gateway's /v2/rerank: GraphQL reranks through it", async () => {
  await withServer(await services({ anonymous: true, apiKeys: [] }), async (inner) => {
    const { app } = await testGateway([{
      class: "Doc",
      properties: { body: "text" },
      records: [
        { id: "00000000-0000-0000-0000-000000000001", body: "a" },
        { id: "00000000-0000-0000-0000-000000000002", body: "ccc" },
        { id: "00000000-0000-0000-0000-000000000003", body: "bb" },
      ],
      moduleConfig: { "reranker-cohere": { baseURL: inner, model: "Article" } },
    }], { env: { COHERE_APIKEY: "operator-key" } });
    const res = await app.request("/v1/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          '{ Get { Doc { body _additional { rerank(property: "body" query: "q") { score } } } } }',
      }),
    });
    const body = await res.json();
    assert.deepEqual(
      body.data.Get.Doc.map((d: { body: string; _additional: { rerank: { score: number }[] } }) => [
        d.body,
        d._additional.rerank[0].score,
      ]),
      [["ccc", 3], ["bb", 2], ["a", 1]],
    );
  });
});
