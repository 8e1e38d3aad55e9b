/**
 * Per-request limits (`limits.*`, issue 11 items 5 and 13): depth, class fields, fields after
 * fragment expansion, batch items and response bytes, each refused with a GraphQL error that
 * names the limit, before graphql-js parses or validates where possible.
 */
import assert from "node:assert/strict";
import { gql, type TestCollection, testGateway } from "../helpers/harness.ts";
import { BOOK } from "./get_dataset.ts";

const gateway = testGateway([BOOK]);

interface Answer {
  data?: { Get: Record<string, unknown> } | null;
  errors?: { locations: unknown; message: string; path: unknown }[];
}

/** The only error of a refused query (no data, Weaviate's error shape, HTTP 200). */
async function refused(
  query: string,
  opts: { variables?: unknown; app?: Awaited<typeof gateway>["app"] } = {},
): Promise<string> {
  const app = opts.app ?? (await gateway).app;
  const res = await gql(app, query, { variables: opts.variables });
  assert.equal(res.status, 200, res.text);
  const json = res.json as Answer;
  assert.equal(json.data, undefined, res.text.slice(0, 300));
  assert.equal(json.errors?.length, 1, res.text.slice(0, 300));
  assert.equal(json.errors![0].locations, null);
  assert.equal(json.errors![0].path, null);
  return json.errors![0].message;
}

/** A `where` filter nested `levels` And-operators deep (2 brackets per level). */
function nestedWhere(levels: number): string {
  return "{operator:And,operands:[".repeat(levels) +
    '{path:["title"],operator:Equal,valueText:"dune"}' + "]}".repeat(levels);
}

Deno.test("limits: a deeply nested query is 'too deep', not a syntax error (before: stack overflow)", async () => {
  const lists = `{Get{Book(nearVector:{vector:${"[".repeat(5000)}${"]".repeat(5000)}}){title}}}`;
  assert.equal(
    await refused(lists),
    "query too deep: it nests more than limits.maxQueryDepth (128) levels",
  );
  const where = `{Get{Book(where:${nestedWhere(3000)}){title}}}`;
  assert.match(await refused(where), /^query too deep: .*limits\.maxQueryDepth \(128\)/);
});

Deno.test("limits: legitimate nesting passes, and maxQueryDepth is configurable", async () => {
  const { app } = await gateway;
  const ok = await gql(app, `{Get{Book(where:${nestedWhere(20)}){title}}}`);
  assert.deepEqual(ok.json, { data: { Get: { Book: [{ title: "Dune" }] } } });
  const strict = (await testGateway([BOOK], { limits: { maxQueryDepth: 10 } })).app;
  assert.match(
    await refused(`{Get{Book(where:${nestedWhere(5)}){title}}}`, { app: strict }),
    /limits\.maxQueryDepth \(10\)/,
  );
});

Deno.test("limits: a stack overflow past the depth check is a clear 'too deep or complex' error", async () => {
  // With the depth cap lifted, graphql-js's recursive parser overflows the stack; that used to
  // surface as "Syntax Error GraphQL request (1:1) Maximum call stack size exceeded".
  const { app } = await testGateway([BOOK], { limits: { maxQueryDepth: 1_000_000 } });
  const lists = `{Get{Book(nearVector:{vector:${"[".repeat(20000)}${"]".repeat(20000)}}){title}}}`;
  assert.equal(
    await refused(lists, { app }),
    "query too deep or complex to process: simplify it (limits.maxQueryDepth is 1000000)",
  );
  // The same for variables: graphql-js coerces them recursively.
  let w: Record<string, unknown> = { path: ["title"], operator: "Equal", valueText: "x" };
  for (let i = 0; i < 20000; i++) w = { operator: "And", operands: [w] };
  const res = await gql(
    app,
    "query($w: GetObjectsBookWhereInpObj) { Get { Book(where: $w) { title } } }",
    { variables: { w } },
  );
  assert.equal(res.status, 200);
  assert.deepEqual((res.json as Answer).errors?.map((e) => e.message), [
    "query too deep or complex to process: simplify it (limits.maxQueryDepth is 1000000)",
  ]);
});

Deno.test("limits: variables nested too deep are refused (before: 'Maximum call stack size exceeded')", async () => {
  let w: Record<string, unknown> = { path: ["title"], operator: "Equal", valueText: "x" };
  for (let i = 0; i < 3000; i++) w = { operator: "And", operands: [w] };
  assert.equal(
    await refused("query($w: GetObjectsBookWhereInpObj) { Get { Book(where: $w) { title } } }", {
      variables: { w },
    }),
    "variables too deep: they nest more than limits.maxQueryDepth (128) levels",
  );
});

Deno.test("limits: fields after fragment expansion are capped (before: 2^levels work)", async () => {
  let q = "{ Get { Book { ...F18 } } }\nfragment F0 on Book { title }\n";
  for (let i = 1; i <= 18; i++) q += `fragment F${i} on Book { ...F${i - 1} ...F${i - 1} }\n`;
  assert.equal(
    await refused(q),
    "query too complex: 262146 fields after fragment expansion, more than " +
      "limits.maxExpandedFields (20000)",
  );
});

/** `n` aliased class fields. */
function aliases(n: number): string {
  return `{ Get { ${
    Array.from({ length: n }, (_, i) => `a${i}: Book(limit: 1) { title }`).join(" ")
  } } }`;
}

Deno.test("limits: class fields (aliases) per query are capped (before: all run)", async () => {
  assert.equal(
    await refused(aliases(1001)),
    "too many class fields: the query selects 1001 (Get { Class } entries, aliases included), " +
      "more than limits.maxClassFields (1000)",
  );
  const small = (await testGateway([BOOK], { limits: { maxClassFields: 3 } })).app;
  const ok = await gql(small, aliases(3));
  assert.equal((ok.json as Answer).errors, undefined);
  assert.match(await refused(aliases(4), { app: small }), /limits\.maxClassFields \(3\)/);
  // Class fields reached through fragments count too.
  assert.match(
    await refused(
      "{ Get { ...G } } fragment G on GetObjectsObj { a: Book { title } b: Book { title } " +
        "... on GetObjectsObj { c: Book { title } d: Book { title } } }",
      { app: small },
    ),
    /selects 4 /,
  );
});

async function batch(app: Awaited<typeof gateway>["app"], queries: string[]) {
  const res = await app.request("/v1/graphql/batch", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(queries.map((query) => ({ query }))),
  });
  return { status: res.status, text: await res.text() };
}

Deno.test("limits: batch items are capped (before: any number accepted)", async () => {
  const { app } = await testGateway([BOOK], { limits: { maxBatchItems: 3 } });
  const q = "{ Get { Book(limit: 1) { title } } }";
  assert.equal((await batch(app, [q, q, q])).status, 200);
  const over = await batch(app, [q, q, q, q]);
  assert.equal(over.status, 422);
  assert.deepEqual(JSON.parse(over.text), {
    error: [{ message: "batch too large: 4 items, more than limits.maxBatchItems (3)" }],
  });
  const dflt = await batch((await gateway).app, Array(1001).fill(q));
  assert.equal(dflt.status, 422);
  assert.match(dflt.text, /1001 items, more than limits\.maxBatchItems \(1000\)/);
});

Deno.test("limits: a batch's items share the class-field budget", async () => {
  const { app } = await testGateway([BOOK], { limits: { maxClassFields: 3 } });
  const two = "{ Get { a: Book(limit: 1) { title } b: Book(limit: 1) { title } } }";
  const res = await batch(app, [two, two]);
  assert.equal(res.status, 200);
  const [first, second] = JSON.parse(res.text) as Answer[];
  assert.equal(first.errors, undefined);
  assert.deepEqual(second, {
    errors: [{
      locations: null,
      message: "too many class fields: this batch's items together select more than " +
        "limits.maxClassFields (3)",
      path: null,
    }],
  });
});

const LONG: TestCollection = {
  class: "Long",
  properties: { body: "text" },
  records: [{ id: "f0000000-0000-0000-0000-000000000001", body: "é".repeat(300), vector: [1] }],
};

Deno.test("limits: responses are capped in UTF-8 bytes, per answer and across a batch", async () => {
  const { app } = await testGateway([LONG, BOOK], { limits: { maxResponseBytes: 500 } });
  // 300 x "é" is 600 bytes but only 300 characters.
  const message = await refused("{ Get { Long { body } } }", { app });
  assert.equal(
    message,
    "response too large: the answer exceeds limits.maxResponseBytes (500 bytes); " +
      "ask for fewer objects or fields",
  );
  const small = "{ Get { Book(limit: 1) { title } } }";
  const res = await batch(app, [small, "{ Get { Long { body } } }", small]);
  assert.equal(res.status, 200);
  const [a, b, c] = JSON.parse(res.text) as Answer[];
  assert.deepEqual(a, { data: { Get: { Book: [{ title: "The Hobbit" }] } } });
  assert.match(b.errors![0].message, /^response too large/);
  assert.deepEqual(c, a);
  assert.ok(new TextEncoder().encode(res.text).length <= 501, "limit plus the newline");
});

Deno.test("limits: the objects one request asks for are capped across its class fields (before: 1000 x limit 10000 built 10M objects)", async () => {
  const { app } = await testGateway([BOOK], { limits: { maxRequestResults: 25 } });
  const fields = (n: number, limit: number) =>
    Array.from({ length: n }, (_, i) => `a${i}: Book(limit: ${limit}) { title }`).join(" ");
  const ok = await gql(app, `{ Get { ${fields(2, 10)} } }`);
  assert.equal(ok.status, 200);
  assert.equal((ok.json as Answer).errors, undefined, ok.text);
  const res = await gql(app, `{ Get { ${fields(3, 10)} } }`);
  const json = res.json as Answer;
  assert.equal(res.status, 200);
  // The first two class fields answer; the third, over the budget, is the class error.
  assert.equal(json.errors?.length, 1, res.text);
  assert.match(json.errors![0].message, /more than limits\.maxRequestResults \(25\) objects/);
  assert.deepEqual(json.errors![0].path, ["Get", "a2"]);
  assert.equal(json.data?.Get.a2, null);
  assert.ok(Array.isArray(json.data?.Get.a0));
});
