/**
 * `reranker-cohere` end to end: a GraphQL `Get` through the real app, reranked by a local server
 * that answers like Cohere's `/v2/rerank`.
 */
import assert from "node:assert/strict";
import { gql, type TestCollection, testGateway } from "../helpers/harness.ts";
import { fakeScore, type FakeServer, startFakeServer } from "./fake_server.ts";
import { cohereHandler } from "./fakes.ts";

const ANSWERS = ["the Montgolfier brothers", "a blimp", "Zeppelin", "hot-air balloon"];

function jeopardy(baseURL: string): TestCollection {
  return {
    class: "JeopardyQuestion",
    properties: { question: "text", answer: "text" },
    moduleConfig: { "reranker-cohere": { baseURL } },
    records: ANSWERS.map((answer, i) => ({
      id: `00000000-0000-0000-0000-00000000000${i}`,
      question: `clue ${i}`,
      answer,
      vector: [1, i / 10],
    })),
  };
}

const QUERY = "{ Get { JeopardyQuestion(nearVector: {vector: [1, 0]} limit: 10) { answer " +
  '_additional { rerank(property: "answer" query: "floating") { score } } } } }';

async function withServer(fn: (s: FakeServer) => Promise<void>): Promise<void> {
  const server = startFakeServer(cohereHandler);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

Deno.test("cohere e2e: the seed query answers with Cohere's scores, sorted", async () => {
  await withServer(async (server) => {
    const { app } = await testGateway([jeopardy(server.url)]);
    const res = await gql(app, QUERY, { headers: { "X-Cohere-Api-Key": "header-key-42" } });
    assert.equal(res.status, 200);
    const rows = (res.json.data as { Get: { JeopardyQuestion: Row[] } }).Get.JeopardyQuestion;
    const expected = [...ANSWERS].sort((a, b) => fakeScore(b) - fakeScore(a));
    assert.deepEqual(rows.map((r) => r.answer), expected);
    assert.deepEqual(rows.map((r) => r._additional.rerank[0].score), expected.map(fakeScore));
    assert.equal(server.requests.length, 1, "one provider call per page");
    const req = server.requests[0];
    assert.equal(req.path, "/v2/rerank");
    assert.equal(req.headers["authorization"], "Bearer header-key-42");
    const body = JSON.parse(req.body);
    assert.equal(body.query, "floating");
    assert.equal(body.model, "rerank-v3.5");
    assert.deepEqual([...body.documents].sort(), [...ANSWERS].sort());
  });
});

Deno.test("cohere e2e: COHERE_APIKEY from the environment is used without a header", async () => {
  await withServer(async (server) => {
    const { app } = await testGateway([jeopardy(server.url)], {
      env: { COHERE_APIKEY: "env-key-77" },
    });
    const res = await gql(app, QUERY);
    assert.equal(res.json.errors, undefined);
    assert.equal(server.requests[0].headers["authorization"], "Bearer env-key-77");
  });
});

Deno.test("cohere e2e: a missing key is Weaviate's error at [Get, <Class>]", async () => {
  await withServer(async (server) => {
    const { app } = await testGateway([jeopardy(server.url)]);
    const res = await gql(app, QUERY);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.data, { Get: { JeopardyQuestion: null } });
    const [error] = res.json.errors as { message: string; path: string[] }[];
    assert.equal(
      error.message,
      "explorer: get class: concurrentTargetVectorSearch): explorer: get class: extend: extend " +
        "rerank: client rank: Cohere API Key: no api key found neither in request header: " +
        "X-Cohere-Api-Key nor in environment variable under COHERE_APIKEY",
    );
    assert.deepEqual(error.path, ["Get", "JeopardyQuestion"]);
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("cohere e2e: X-Cohere-Baseurl is refused for loopback unless the operator allows it", async () => {
  await withServer(async (server) => {
    const headers = { "X-Cohere-Api-Key": "k-123456", "X-Cohere-Baseurl": server.url };
    const strict = await testGateway([jeopardy("https://api.cohere.com")]);
    const refused = await gql(strict.app, QUERY, { headers });
    const [error] = refused.json.errors as { message: string }[];
    assert.match(error.message, /client rank: X-Cohere-Baseurl: base URL must use https$/);
    assert.equal(server.requests.length, 0);

    const open = await testGateway([jeopardy("https://api.cohere.com")], {
      allowPrivateBaseUrls: true,
    });
    const ok = await gql(open.app, QUERY, { headers });
    assert.equal(ok.json.errors, undefined);
    assert.equal(server.requests.length, 1);
  });
});

Deno.test("cohere e2e: the env key never follows X-Cohere-Baseurl unless its host is allow-listed", async () => {
  await withServer(async (attacker) => {
    const headers = { "X-Cohere-Baseurl": attacker.url };
    const env = { COHERE_APIKEY: "operator-env-key-7f3a9c" };
    const open = { allowPrivateBaseUrls: true, env };
    const gateway = await testGateway([jeopardy("https://api.cohere.com")], open);
    const refused = await gql(gateway.app, QUERY, { headers });
    const [error] = refused.json.errors as { message: string; path: string[] }[];
    assert.match(
      error.message,
      /client rank: X-Cohere-Baseurl: a base URL from the request header needs the key from the request too \(X-Cohere-Api-Key\)/,
    );
    assert.deepEqual(error.path, ["Get", "JeopardyQuestion"]);
    assert.equal(attacker.requests.length, 0);

    const listed = await testGateway([jeopardy("https://api.cohere.com")], {
      ...open,
      baseUrlAllowList: ["127.0.0.1"],
    });
    const ok = await gql(listed.app, QUERY, { headers });
    assert.equal(ok.json.errors, undefined);
    assert.equal(attacker.requests[0].headers["authorization"], "Bearer operator-env-key-7f3a9c");
  });
});

interface Row {
  answer: string;
  _additional: { rerank: { score: number }[] };
}
