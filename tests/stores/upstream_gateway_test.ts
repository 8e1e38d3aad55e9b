/**
 * The README's seed query runs unchanged through the GraphQL app against every upstream store
 * (fakes on 127.0.0.1 answering from the embedded store over the same records): same answers,
 * reranked and sorted, as the embedded store gives. Upstream faults become a GraphQL error on
 * that class only while a sibling class still answers.
 */
import assert from "node:assert/strict";
import type { StoreConfig } from "../../src/config/types.ts";
import { gql, testGateway } from "../helpers/harness.ts";
import { startFakeQdrant } from "./fakes/qdrant.ts";
import { type FakeFault, type FakeUpstream } from "./fakes/server.ts";
import { startFakeWeaviate } from "./fakes/weaviate.ts";
import { createHashVectorizer } from "../../src/vectorizers/hash.ts";
import {
  sampleCollection,
  sampleRecords,
  sampleTestCollection,
  SEED_QUERY,
} from "./upstream_fixtures.ts";

type Row = { answer: string; _additional: { distance: number; rerank: { score: number }[] } };
const rowsOf = (json: Record<string, unknown>) =>
  (json.data as { Get: { JeopardyQuestion: Row[] } }).Get.JeopardyQuestion;

const KEY = "upstream-secret-key-123";
const env = { WEAVIATE_KEY: KEY, QDRANT_KEY: KEY };

interface Backend {
  readonly name: string;
  start(records: Awaited<ReturnType<typeof sampleRecords>>): Promise<FakeUpstream>;
  store(url: string, extra?: Record<string, unknown>): StoreConfig;
}

const BACKENDS: Backend[] = [
  {
    name: "weaviate",
    start: (records) =>
      startFakeWeaviate(records, sampleCollection(), {
        vectorizer: createHashVectorizer(),
        authorization: `Bearer ${KEY}`,
      }),
    store: (url, extra) =>
      ({
        kind: "weaviate",
        url,
        apiKeyEnv: "WEAVIATE_KEY",
        passHeaders: [],
        ...extra,
      }) as StoreConfig,
  },
  {
    name: "qdrant",
    start: (records) => startFakeQdrant(records, sampleCollection(), { name: "jq", apiKey: KEY }),
    store: (url, extra) =>
      ({ kind: "qdrant", url, collection: "jq", apiKeyEnv: "QDRANT_KEY", ...extra }) as StoreConfig,
  },
];

async function embeddedAnswer(records: Record<string, unknown>[]) {
  const { app } = await testGateway([sampleTestCollection(records)]);
  return await gql(app, SEED_QUERY);
}

for (const b of BACKENDS) {
  Deno.test(`upstream ${b.name}: the seed query answers like the embedded store`, async () => {
    const records = await sampleRecords();
    const expected = await embeddedAnswer(records);
    const server = await b.start(records);
    try {
      const { app } = await testGateway(
        [sampleTestCollection([], { store: b.store(server.url) })],
        { env },
      );
      const res = await gql(app, SEED_QUERY);
      assert.equal(res.status, 200);
      assert.equal(res.json.errors, undefined, res.text);
      const got = rowsOf(res.json), want = rowsOf(expected.json);
      assert.equal(got.length, 10);
      assert.deepEqual(got.map((r) => r.answer), want.map((r) => r.answer));
      assert.deepEqual(got.map((r) => r._additional.rerank), want.map((r) => r._additional.rerank));
      const scores = got.map((r) => r._additional.rerank[0].score);
      assert.deepEqual(scores, [...scores].sort((x, y) => y - x), "sorted by rerank score");
      got.forEach((r, i) =>
        assert.ok(Math.abs(r._additional.distance - want[i]._additional.distance) < 1e-5)
      );
      assert.ok(server.requests.every((r) => !r.body.includes("rerank")), "rerank never sent");
    } finally {
      await server.close();
    }
  });

  for (const fault of ["error", "malformed", "hang", "refused"] as const) {
    Deno.test(`upstream ${b.name}: ${fault} is an error on that class only`, async () => {
      const records = await sampleRecords();
      const server = await b.start(records);
      try {
        const { app } = await testGateway([
          sampleTestCollection([], { store: b.store(server.url, { timeoutMs: 300 }) }),
          { class: "Sibling", properties: { name: "text" }, records: [{ name: "still here" }] },
        ], { env });
        if (fault === "refused") await server.close();
        else server.setFault(fault as FakeFault);
        const res = await gql(
          app,
          SEED_QUERY.replace(/ } }$/, " Sibling { name } } }"),
        );
        assert.equal(res.status, 200);
        const data = res.json.data as { Get: Record<string, unknown> };
        assert.equal(data.Get.JeopardyQuestion, null);
        assert.deepEqual(data.Get.Sibling, [{ name: "still here" }]);
        const errors = res.json.errors as { message: string; path: string[] }[];
        assert.equal(errors.length, 1);
        assert.deepEqual(errors[0].path, ["Get", "JeopardyQuestion"]);
        assert.match(errors[0].message, new RegExp(`^${b.name} upstream: `));
        if (fault === "hang") assert.match(errors[0].message, /deadline exceeded/);
        assert.ok(!res.text.includes(KEY), "no credentials in errors");
      } finally {
        if (fault !== "refused") await server.close();
      }
    });
  }
}

Deno.test("upstream weaviate: properties read from /v1/schema; module headers only when listed", async () => {
  const records = await sampleRecords();
  const server = await startFakeWeaviate(records, sampleCollection(), {
    vectorizer: createHashVectorizer(),
    className: "Jeopardy",
  });
  try {
    const { app, services } = await testGateway([sampleTestCollection([], {
      properties: {},
      propertiesFrom: "upstream",
      store: {
        kind: "weaviate",
        url: server.url,
        className: "Jeopardy",
        passHeaders: ["X-Openai-Api-Key"],
      },
    })], { env });
    const props = services.config.collections[0].properties.map((p) => p.name);
    assert.deepEqual(props, ["question", "answer", "category", "value", "round", "airDate"]);
    const res = await gql(app, SEED_QUERY, {
      headers: { "X-Openai-Api-Key": "sk-openai", "X-Cohere-Api-Key": "co-key" },
    });
    assert.equal(res.json.errors, undefined, res.text);
    const search = server.requests.find((r) => r.path.endsWith("/Search"))!;
    assert.equal(search.headers.get("x-openai-api-key"), "sk-openai");
    assert.equal(search.headers.get("x-cohere-api-key"), null);
    assert.equal(search.headers.get("connect-protocol-version"), "1");
  } finally {
    await server.close();
  }
});
