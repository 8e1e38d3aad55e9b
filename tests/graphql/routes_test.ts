/** `POST /v1/graphql` and `/v1/graphql/batch`: Weaviate's statuses and bodies. */
import assert from "node:assert/strict";
import { gql, type TestCollection, testGateway } from "../helpers/harness.ts";

const Q: TestCollection = {
  class: "Question",
  properties: { answer: "text", points: "int", tags: "text[]" },
  moduleConfig: { "reranker-dummy": {} },
  records: [
    {
      id: "d0000000-0000-0000-0000-000000000001",
      answer: "ab",
      points: 1,
      tags: ["long tag"],
      vector: [1, 0],
    },
    {
      id: "d0000000-0000-0000-0000-000000000002",
      answer: "abcd",
      points: 2,
      tags: [],
      vector: [0, 1],
    },
  ],
};

async function post(
  app: Awaited<ReturnType<typeof testGateway>>["app"],
  path: string,
  body: string,
) {
  const res = await app.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
  });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

Deno.test("graphql: empty query and non-object variables are 422 with Weaviate's bodies", async () => {
  const { app } = await testGateway([Q]);
  const empty = await post(app, "/v1/graphql", '{"query":""}');
  assert.equal(empty.status, 422);
  assert.deepEqual(JSON.parse(empty.text), { error: [{ message: "query cannot be empty" }] });
  const vars = await post(
    app,
    "/v1/graphql",
    '{"query":"{Get{Question{answer}}}","variables":[1]}',
  );
  assert.equal(vars.status, 422);
  assert.deepEqual(JSON.parse(vars.text), {
    error: [{ message: "variables must be a JSON object, got []interface {}" }],
  });
  const bad = await post(app, "/v1/graphql", "{not json");
  assert.equal(bad.status, 422);
  assert.match(JSON.parse(bad.text).error[0].message, /^couldn't unmarshal json: /);
});

Deno.test("graphql: syntax errors use graphql-go's format with path null", async () => {
  const { app } = await testGateway([Q]);
  const res = await gql(app, "{Get{");
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, {
    errors: [{
      locations: [{ column: 6, line: 1 }],
      message:
        "Syntax Error GraphQL request (1:6) Expected Name, found EOF\n\n1: {Get{\n        ^\n",
      path: null,
    }],
  });
});

Deno.test("graphql: graphql-go wording for unknown rerank argument and missing sub-selection", async () => {
  const { app } = await testGateway([Q]);
  const unknown = await gql(
    app,
    '{Get{Question{_additional{rerank(property:"answer" foo:"x"){score}}}}}',
  );
  assert.equal(
    (unknown.json.errors as { message: string }[])[0].message,
    'Unknown argument "foo" on field "rerank" of type "QuestionAdditional".',
  );
  const nosub = await gql(app, '{Get{Question{_additional{rerank(property:"answer")}}}}');
  assert.equal(
    (nosub.json.errors as { message: string }[])[0].message,
    'Field "rerank" of type "[QuestionAdditionalReranker]" must have a sub selection.',
  );
});

Deno.test("graphql: variables work in rerank arguments (Weaviate panics on them)", async () => {
  const { app } = await testGateway([Q]);
  const res = await gql(
    app,
    "query($p:String,$q:String){Get{Question{answer _additional{rerank(property:$p query:$q){score}}}}}",
    { variables: { p: "answer", q: "x" } },
  );
  assert.equal(
    res.text,
    '{"data":{"Get":{"Question":[{"_additional":{"rerank":[{"score":4}]},"answer":"abcd"},{"_additional":{"rerank":[{"score":2}]},"answer":"ab"}]}}}\n',
  );
});

Deno.test("graphql: non-text, text[] and unknown rerank properties all score the empty string", async () => {
  const { app } = await testGateway([Q]);
  for (const prop of ["points", "tags", "nope"]) {
    const res = await gql(
      app,
      `{Get{Question{_additional{id rerank(property:"${prop}"){score}}}}}`,
    );
    const rows =
      (res.json.data as { Get: { Question: { _additional: { rerank: { score: number }[] } }[] } })
        .Get.Question;
    assert.deepEqual(rows.map((r) => r._additional.rerank[0].score), [0, 0], prop);
  }
});

Deno.test("graphql: one failing class does not take down its sibling", async () => {
  const { app } = await testGateway([Q]);
  const res = await gql(
    app,
    '{Get{Question(limit:1){answer} B:Question(bm25:{query:"x"} sort:[{path:["points"]}]){answer}}}',
  );
  assert.deepEqual(res.json, {
    data: { Get: { Question: [{ answer: "ab" }], B: null } },
    errors: [{
      locations: [{ column: 32, line: 1 }],
      message: "bm25 search is not compatible with sort",
      path: ["Get", "B"],
    }],
  });
});

Deno.test("graphql: _additional is null when nothing selected in it is populated", async () => {
  const { app } = await testGateway([Q]);
  const res = await gql(app, '{Get{Question(bm25:{query:"ab"}){answer _additional{distance}}}}');
  assert.equal(res.text, '{"data":{"Get":{"Question":[{"_additional":null,"answer":"ab"}]}}}\n');
  const withId = await gql(
    app,
    '{Get{Question(bm25:{query:"ab"}){_additional{id distance score}}}}',
  );
  const row =
    (withId.json.data as { Get: { Question: Record<string, Record<string, unknown>>[] } }).Get
      .Question[0];
  assert.equal(row._additional.distance, null);
  assert.equal(typeof row._additional.score, "string", "score is a String");
});

Deno.test("graphql/batch: answers in order, empty items get Weaviate's per-item 422 error", async () => {
  const { app } = await testGateway([Q]);
  const res = await post(
    app,
    "/v1/graphql/batch",
    JSON.stringify([{ query: "{Get{Question(limit:1){answer}}}" }, { query: "" }, {
      query: "{Get{Question{answer}}}",
      variables: "x",
    }]),
  );
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.text), [
    { data: { Get: { Question: [{ answer: "ab" }] } } },
    {
      errors: [{
        locations: null,
        message:
          "422: The request is well-formed but was unable to be followed due to semantic errors.",
        path: null,
      }],
    },
    {
      errors: [{
        locations: null,
        message: "422: expected map[string]interface{}, received x",
        path: null,
      }],
    },
  ]);
  const empty = await post(app, "/v1/graphql/batch", "[]");
  assert.equal(empty.status, 422);
});

Deno.test("graphql: API-key auth guards the endpoint with Weaviate's 401 bodies", async () => {
  const { app } = await testGateway([Q], { anonymousAccessEnabled: false, apiKeys: ["k1"] });
  const anon = await app.request("/v1/graphql", {
    method: "POST",
    body: '{"query":"{Get{Question{answer}}}"}',
  });
  assert.equal(anon.status, 401);
  const good = await gql(app, "{Get{Question(limit:1){answer}}}", {
    headers: { Authorization: "Bearer k1" },
  });
  assert.equal(good.status, 200);
  const bad = await app.request("/v1/graphql", {
    method: "POST",
    headers: { Authorization: "Bearer nope" },
    body: '{"query":"{Get{Question{answer}}}"}',
  });
  assert.equal(bad.status, 401);
  assert.deepEqual(await bad.json(), { code: 401, message: "unauthorized: invalid api key" });
});
