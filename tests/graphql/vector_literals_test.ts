/** The vector-literal fast path: same answers and error locations, one validation per shape. */
import assert from "node:assert/strict";
import { Kind, type ListValueNode, visit } from "graphql";
import { DocumentCache } from "../../src/graphql/document_cache.ts";
import { createGraphQLExecutor } from "../../src/graphql/executor.ts";
import { createDocumentPreparer } from "../../src/graphql/prepare.ts";
import { MIN_VECTOR_LENGTH, stripVectorLiterals } from "../../src/graphql/vector_literals.ts";
import { gql, type TestCollection, testGateway } from "../helpers/harness.ts";

const DIM = MIN_VECTOR_LENGTH + 4;
const unit = (i: number) => Array.from({ length: DIM }, (_, j) => (j === i ? 1 : 0.01 * j));
const fmt = (v: number[]) => `[${v.map((x) => x.toFixed(3)).join(", ")}]`;

const V: TestCollection = {
  class: "Vec",
  properties: { name: "text" },
  moduleConfig: { "reranker-dummy": {} },
  records: [0, 1, 2].map((i) => ({
    id: `e0000000-0000-0000-0000-00000000000${i}`,
    name: "x".repeat(i + 1),
    vector: unit(i),
  })),
};

Deno.test("strip: long numeric lists are blanked to the same length; strings, comments, short lists kept", () => {
  const src = `{Get{Vec(nearVector:{vector:${fmt(unit(0))}}) # [${"1,".repeat(20)}1]
  {name}} A:Vec(where:{path:["name"] operator:Equal valueText:"[${"2,".repeat(20)}2]"}){name}}`;
  const s = stripVectorLiterals(src)!;
  assert.equal(s.shape.length, src.length, "positions (error locations) are preserved");
  assert.equal(s.lists.size, 1, "comment and string contents are not touched");
  const [[offset, tokens]] = [...s.lists];
  assert.equal(src[offset], "[");
  assert.equal(tokens.length, DIM);
  assert.equal(tokens[1], "0.010");
  assert.equal(stripVectorLiterals("{Get{Vec(nearVector:{vector:[1,0]}){name}}}"), undefined);
  const multi = stripVectorLiterals(`{a(v:[\n${"1.5,\n".repeat(20)}1])}`)!;
  assert.equal(multi.shape.split("\n").length, 22, "newlines inside a list are kept");
});

Deno.test("fast path: answers equal the variable form, and one shape is validated once", async () => {
  const { app, services } = await testGateway([V]);
  for (let i = 0; i < 3; i++) {
    const literal = await gql(
      app,
      `{Get{Vec(nearVector:{vector:${
        fmt(unit(i))
      }}){name _additional{id distance rerank(property:"name"){score}}}}}`,
    );
    const variable = await gql(
      app,
      'query($v:Vector){Get{Vec(nearVector:{vector:$v}){name _additional{id distance rerank(property:"name"){score}}}}}',
      { variables: { v: unit(i).map((x) => Number(x.toFixed(3))) } },
    );
    assert.equal(literal.text, variable.text);
    const first = (literal.json.data as { Get: { Vec: { name: string }[] } }).Get.Vec;
    assert.equal(first.length, 3);
  }
  const cache = new DocumentCache();
  const prepare = createDocumentPreparer(createGraphQLExecutor(services).schema, { cache });
  const docs = [0, 1, 2].map((i) =>
    prepare(`{Get{Vec(nearVector:{vector:${fmt(unit(i))}}){name}}}`).document!
  );
  assert.equal(cache.size, 1, "three different vectors, one cached shape");
  const firstNumbers = (doc: typeof docs[0]) => {
    let out: string[] = [];
    visit(doc, {
      ListValue(n: ListValueNode) {
        out = n.values.map((v) => (v.kind === Kind.FLOAT || v.kind === Kind.INT ? v.value : "?"));
      },
    });
    return out;
  };
  assert.equal(firstNumbers(docs[1])[1], "1.000");
  assert.equal(firstNumbers(docs[2])[2], "1.000");
});

Deno.test("fast path: error locations after a vector literal are exact", async () => {
  const { app } = await testGateway([V]);
  const vec = fmt(unit(0));
  const res = await gql(
    app,
    `{Get{Vec(nearVector:{vector:${vec}}){name} B:Vec(bm25:{query:"x"} sort:[{path:["name"]}]){name}}}`,
  );
  const column = `{Get{Vec(nearVector:{vector:${vec}}){name} `.length + 1;
  assert.deepEqual(res.json.errors, [{
    locations: [{ column, line: 1 }],
    message: "bm25 search is not compatible with sort",
    path: ["Get", "B"],
  }]);
  const bad = await gql(app, `{Get{Vec(nearVector:{vector:${vec}}){nope}}}`);
  assert.deepEqual((bad.json.errors as { locations: unknown }[])[0].locations, [{
    column: `{Get{Vec(nearVector:{vector:${vec}}){`.length + 1,
    line: 1,
  }]);
});

Deno.test("fast path: a long list where no vector belongs gets the normal validation error", async () => {
  const { app } = await testGateway([V]);
  const ints = `[${Array.from({ length: DIM }, (_, i) => i).join(",")}]`;
  const res = await gql(app, `{Get{Vec(limit:${ints}){name}}}`);
  assert.equal(res.status, 200);
  const errors = res.json.errors as { message: string; path: null }[];
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /Int cannot represent non-integer value/);
  assert.equal(res.json.data, undefined);
});
