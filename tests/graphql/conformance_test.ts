/**
 * Conformance with Weaviate's documented behaviour: examples E1-E10 of
 * shared/spec/weaviate-get-rerank.md §6, byte for byte where the spec gives exact bodies.
 */
import assert from "node:assert/strict";
import { gql, spyReranker, type TestCollection, testGateway } from "../helpers/harness.ts";

const U0 = "00000000-0000-0000-0000-000000000000";
const U1 = "11111111-1111-1111-1111-111111111111";

const DOG: TestCollection = {
  class: "BigFurryMonsterDog",
  properties: { first: "text", second: "text" },
  moduleConfig: { "reranker-dummy": {} },
  records: [
    { id: U0, first: "apple", second: "longlong", vector: [1, 0] },
    { id: U1, first: "apple", second: "longlonglong", vector: [1, 0] },
  ],
};

const E1_BODY =
  `{"data":{"Get":{"BigFurryMonsterDog":[{"_additional":{"id":"${U1}","rerank":[{"score":12}]}},` +
  `{"_additional":{"id":"${U0}","rerank":[{"score":8}]}}]}}}\n`;

Deno.test("E1: nearVector + dummy rerank answers Weaviate's exact body", async () => {
  const { app } = await testGateway([DOG]);
  const res = await gql(
    app,
    '{Get{BigFurryMonsterDog(nearVector:{vector:[1,0]}){_additional{id} _additional{rerank(property: "second",query: "apple" ){score}}}}}',
  );
  assert.equal(res.status, 200);
  assert.equal(res.text, E1_BODY);
});

Deno.test("E2: list path (no search argument) reranks the same way", async () => {
  const { app } = await testGateway([DOG]);
  const res = await gql(
    app,
    '{Get{BigFurryMonsterDog{_additional{id} _additional{rerank(property: "second",query: "apple"){score}}}}}',
  );
  assert.equal(res.text, E1_BODY);
});

Deno.test("E3: omitted rerank query sends the empty string, not the search text", async () => {
  const spy = spyReranker();
  const ids = [
    "a0000000-0000-0000-0000-000000000001",
    "a0000000-0000-0000-0000-000000000002",
    "a0000000-0000-0000-0000-000000000003",
  ];
  const { app } = await testGateway([{
    class: "TestRerankerDummy",
    properties: { prop: "text" },
    moduleConfig: { "reranker-dummy": {} },
    records: [
      { id: ids[0], prop: "hello", vector: [1, 0] },
      { id: ids[1], prop: "hellohellohello", vector: [1, 0] },
      { id: ids[2], prop: "hellohello", vector: [1, 0] },
    ],
  }], { createReranker: () => spy });
  const res = await gql(
    app,
    '{Get{TestRerankerDummy(nearVector:{vector:[1,0]}){_additional{id rerank(property:"prop"){score}}}}}',
  );
  assert.equal(
    res.text,
    `{"data":{"Get":{"TestRerankerDummy":[{"_additional":{"id":"${
      ids[1]
    }","rerank":[{"score":15}]}},` +
      `{"_additional":{"id":"${ids[2]}","rerank":[{"score":10}]}},{"_additional":{"id":"${
        ids[0]
      }","rerank":[{"score":5}]}}]}}}\n`,
  );
  assert.equal(spy.calls.length, 1, "one reranker call per page");
  assert.equal(spy.calls[0].query, "");
});

Deno.test("E6: missing rerank property is a partial-data error with Weaviate's text per path", async () => {
  const { app } = await testGateway([DOG, { ...DOG, class: "EmptyDog", records: [] }]);
  const near = await gql(
    app,
    '{Get{BigFurryMonsterDog(nearVector:{vector:[1,0]}){_additional{id rerank(query:"apple"){score}}}}}',
  );
  assert.equal(
    near.text,
    '{"data":{"Get":{"BigFurryMonsterDog":null}},"errors":[{"locations":[{"column":6,"line":1}],' +
      '"message":"explorer: get class: concurrentTargetVectorSearch): explorer: get class: extend: extend rerank: no properties provided",' +
      '"path":["Get","BigFurryMonsterDog"]}]}\n',
  );
  const list = await gql(
    app,
    '{Get{BigFurryMonsterDog{_additional{id rerank(query:"apple"){score}}}}}',
  );
  assert.deepEqual(list.json.errors, [{
    locations: [{ column: 6, line: 1 }],
    message: "explorer: list class: extend: extend rerank: no properties provided",
    path: ["Get", "BigFurryMonsterDog"],
  }]);
  const empty = await gql(app, '{Get{EmptyDog{_additional{id rerank(query:"apple"){score}}}}}');
  assert.equal(empty.text, '{"data":{"Get":{"EmptyDog":[]}}}\n');
});

Deno.test("E7: rerank on a class without a reranker is a validation error without data", async () => {
  const { app } = await testGateway([{
    class: "Article",
    properties: { title: "text" },
    records: [{ title: "x" }],
  }]);
  const res = await gql(
    app,
    '{Get{Article(limit:2){title _additional{rerank(property:"title"){score}}}}}',
  );
  assert.equal(res.status, 200);
  assert.equal(
    res.text,
    '{"errors":[{"locations":[{"column":41,"line":1}],"message":"Cannot query field \\"rerank\\" on type \\"ArticleAdditional\\".","path":null}]}\n',
  );
});

Deno.test("E8: un-aliased rerank selections conflict; aliased ones share the last one's scores", async () => {
  const { app } = await testGateway([DOG]);
  const conflict = await gql(
    app,
    '{Get{BigFurryMonsterDog{_additional{rerank(property:"first"){score} rerank(property:"second"){score}}}}}',
  );
  assert.equal(
    conflict.text,
    '{"errors":[{"locations":[{"column":37,"line":1},{"column":69,"line":1}],"message":"Fields \\"rerank\\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.","path":null}]}\n',
  );
  const aliased = await gql(
    app,
    '{Get{BigFurryMonsterDog{_additional{a:rerank(property:"first"){score} rerank(property:"second"){score}}}}}',
  );
  assert.equal(
    aliased.text,
    '{"data":{"Get":{"BigFurryMonsterDog":[{"_additional":{"a":[{"score":12}],"rerank":[{"score":12}]}},{"_additional":{"a":[{"score":8}],"rerank":[{"score":8}]}}]}}}\n',
  );
});

Deno.test("E9: hybrid + offset/limit reranks only the returned page", async () => {
  const spy = spyReranker();
  const id = (n: number) => `b0000000-0000-0000-0000-00000000000${n}`;
  const { app } = await testGateway([{
    class: "Doc",
    properties: { text: "text", tag: "text" },
    moduleConfig: { "reranker-dummy": {} },
    records: [
      { id: id(1), text: "abc", tag: "x x x x", vector: [1, 0] },
      { id: id(2), text: "abcdefghij", tag: "x x x", vector: [0.9, 0.1] },
      { id: id(3), text: "a", tag: "x x", vector: [0.7, 0.3] },
      { id: id(4), text: "abcdefghijklmnopqrst", tag: "x", vector: [0.2, 0.8] },
    ],
  }], { createReranker: () => spy });
  const fused = await gql(
    app,
    '{Get{Doc(hybrid:{query:"x" vector:[1,0] properties:["tag"]}){_additional{id}}}}',
  );
  const order = (fused.json.data as { Get: { Doc: { _additional: { id: string } }[] } }).Get.Doc
    .map((d) => d._additional.id);
  assert.deepEqual(order, [id(1), id(2), id(3), id(4)], "fusion order A, B, C, D");
  const res = await gql(
    app,
    '{Get{Doc(hybrid:{query:"x" vector:[1,0] properties:["tag"]} limit:2 offset:1){_additional{id rerank(property:"text"){score}}}}}',
  );
  assert.equal(
    res.text,
    `{"data":{"Get":{"Doc":[{"_additional":{"id":"${
      id(2)
    }","rerank":[{"score":10}]}},{"_additional":{"id":"${id(3)}","rerank":[{"score":1}]}}]}}}\n`,
  );
  assert.deepEqual(
    spy.calls.at(-1)?.documents,
    ["abcdefghij", "a"],
    "D is never seen by the reranker",
  );
});

Deno.test("E10: groupBy + rerank reranks the groups by their first hit", async () => {
  const id = (n: number) => `c0000000-0000-0000-0000-00000000000${n}`;
  const { app } = await testGateway([{
    class: "Doc",
    properties: { text: "text", cat: "text" },
    moduleConfig: { "reranker-dummy": {} },
    records: [
      { id: id(1), text: "short", cat: "x", vector: [1, 0] },
      { id: id(2), text: "a much longer text", cat: "y", vector: [0.99, 0.01] },
      { id: id(3), text: "mid size", cat: "x", vector: [0.9, 0.1] },
      { id: id(4), text: "yy", cat: "y", vector: [0.5, 0.5] },
    ],
  }]);
  const res = await gql(
    app,
    '{Get{Doc(nearVector:{vector:[1,0]} groupBy:{path:["cat"] groups:2 objectsPerGroup:2}){_additional{ rerank(property:"text"){score} group{ id count groupedBy{path value} maxDistance minDistance hits{ text _additional{id distance} } } } } } }',
  );
  const docs =
    (res.json.data as { Get: { Doc: Record<string, Record<string, unknown>>[] } }).Get.Doc;
  assert.equal(docs.length, 2);
  // Group "y" (first hit "a much longer text", 18 bytes) outranks group "x" ("short", 5 bytes).
  assert.deepEqual(docs.map((d) => d._additional.rerank), [[{ score: 18 }], [{ score: 5 }]]);
  const first = docs[0]._additional.group as Record<string, unknown>;
  assert.deepEqual(first.groupedBy, { path: ["cat"], value: "y" });
  assert.equal(first.count, 2);
  assert.equal(first.id, 1, "group ids keep retrieval order");
  const hits = first.hits as { text: string; _additional: { id: string; distance: number } }[];
  assert.deepEqual(hits.map((h) => h._additional.id), [id(2), id(4)]);
  assert.ok(hits[0]._additional.distance < hits[1]._additional.distance);
  assert.ok(
    res.text.startsWith(
      '{"data":{"Get":{"Doc":[{"_additional":{"group":{"count":2,"groupedBy":{"path":["cat"],"value":"y"},"hits":[{"_additional":{"distance":',
    ),
  );
});
