/**
 * Non-finite numbers from the client (`1e999` parses to Infinity) are an error of the class that
 * uses them, never a 500 for the whole response or batch (issue 11, item 8).
 */
import assert from "node:assert/strict";
import { gql, type TestCollection, testGateway } from "../helpers/harness.ts";
import { ARTICLE, BOOK, POINT } from "./get_dataset.ts";

/** 16-d vectors, so vector literals take the vector-literal fast path (vector_literals.ts). */
const WIDE: TestCollection = {
  class: "Wide",
  properties: { name: "text" },
  records: [
    { id: "f0000000-0000-0000-0000-000000000001", name: "w1", vector: Array(16).fill(0.5) },
  ],
};

const gateway = testGateway([BOOK, ARTICLE, POINT, WIDE]);
const SIBLING = "Sibling: Book(limit: 1) { title }";

interface Answer {
  data?: { Get: Record<string, unknown> };
  errors?: { message: string; path: string[] | null }[];
}

/** Runs `classField` next to a healthy sibling; returns the class's error message. */
async function classError(alias: string, classField: string): Promise<string> {
  const { app } = await gateway;
  const res = await gql(app, `{ Get { ${classField} ${SIBLING} } }`);
  assert.equal(res.status, 200, res.text);
  const json = res.json as Answer;
  assert.equal(json.data?.Get[alias], null, res.text);
  assert.deepEqual(json.data?.Get.Sibling, [{ title: "The Hobbit" }]);
  assert.equal(json.errors?.length, 1, res.text);
  assert.deepEqual(json.errors![0].path, ["Get", alias]);
  return json.errors![0].message;
}

Deno.test("non-finite: 1e999 in a nearVector literal is an error on that class only", async () => {
  assert.match(
    await classError("Book", "Book(nearVector: {vector: [1e999, 0]}) { _additional { distance } }"),
    /^nearVector: vector\[0\] must be a finite number, got Infinity$/,
  );
  assert.match(
    await classError("Book", "Book(nearVector: {vector: [0, -1e999]}) { title }"),
    /^nearVector: vector\[1\] must be a finite number, got -Infinity$/,
  );
});

Deno.test("non-finite: the vector-literal fast path reports it the same way", async () => {
  const v = Array.from({ length: 16 }, (_, i) => (i === 5 ? "1e999" : "0.5")).join(", ");
  assert.match(
    await classError("Wide", `Wide(nearVector: {vector: [${v}]}) { _additional { distance } }`),
    /^nearVector: vector\[5\] must be a finite number, got Infinity$/,
  );
});

Deno.test("non-finite: components beyond the float32 range are refused", async () => {
  assert.match(
    await classError(
      "Point",
      "Point(nearVector: {vector: [1e39, 0, 0]}) { _additional { distance } }",
    ),
    /^nearVector: vector\[0\] is outside the float32 range: 1e\+39$/,
  );
});

Deno.test("non-finite: moveAwayFrom / moveTo forces", async () => {
  assert.match(
    await classError(
      "Article",
      'Article(nearText: {concepts: ["lava"], moveAwayFrom: {concepts: ["ice"], force: 1e999}}) ' +
        "{ _additional { distance } }",
    ),
    /^nearText: moveAwayFrom\.force must be a finite number, got Infinity$/,
  );
  assert.match(
    await classError(
      "Article",
      'Article(nearText: {concepts: ["lava"], moveTo: {concepts: ["ice"], force: 1e999}}) ' +
        "{ title }",
    ),
    /^nearText: moveTo\.force must be a finite number, got Infinity$/,
  );
});

Deno.test("non-finite: a finite force that moves the vector beyond float32", async () => {
  assert.match(
    await classError(
      "Article",
      'Article(nearText: {concepts: ["lava"], moveAwayFrom: {concepts: ["ice"], force: 1e308}}) ' +
        "{ _additional { distance } }",
    ),
    /^movement: the moved vector leaves the float32 range; use a smaller force$/,
  );
});

Deno.test("non-finite: hybrid vectors, thresholds and certainty", async () => {
  assert.match(
    await classError(
      "Book",
      'Book(hybrid: {query: "x", vector: [1e999, 0]}) { _additional { score } }',
    ),
    /^hybrid: vector\[0\] must be a finite number, got Infinity$/,
  );
  assert.match(
    await classError("Book", "Book(nearVector: {vector: [1, 0], certainty: 1e999}) { title }"),
    /^nearVector: certainty must be a finite number, got Infinity$/,
  );
  assert.match(
    await classError("Book", "Book(nearVector: {vector: [1, 0], distance: -1e999}) { title }"),
    /^nearVector: distance must be a finite number, got -Infinity$/,
  );
});

Deno.test("non-finite: a finite query whose distance overflows float32 is a class error", async () => {
  // l2-squared of 3e38 is 9e76, which float32 (Weaviate's distance type) cannot hold.
  assert.match(
    await classError(
      "Point",
      "Point(nearVector: {vector: [3e38, 0, 0]}) { _additional { distance } }",
    ),
    /^distance overflows float32/,
  );
});

Deno.test("non-finite: one bad batch item does not fail the batch", async () => {
  const { app } = await gateway;
  const res = await app.request("/v1/graphql/batch", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify([
      { query: "{ Get { Book(nearVector: {vector: [1e999, 0]}) { title } } }" },
      { query: "{ Get { Book(limit: 1) { title } } }" },
    ]),
  });
  assert.equal(res.status, 200);
  const [bad, good] = await res.json() as Answer[];
  assert.equal(bad.data?.Get.Book, null);
  assert.match(bad.errors![0].message, /must be a finite number/);
  assert.deepEqual(good, { data: { Get: { Book: [{ title: "The Hobbit" }] } } });
});
