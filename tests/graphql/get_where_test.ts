/**
 * `Get(where: ...)` through POST /v1/graphql: every operator and value type (spec §1.1), on the
 * Book dataset of get_dataset.ts. Without a search argument results come in id order (b1..b6).
 */
import assert from "node:assert/strict";
import { testGateway } from "../helpers/harness.ts";
import { ARTICLE, BOOK, get, names, onlyError } from "./get_dataset.ts";

const gateway = testGateway([BOOK, ARTICLE]);

async function where(filter: string, args = ""): Promise<string[]> {
  const { app } = await gateway;
  const res = await get(app, `Book(where:${filter} ${args}){_additional{id}}`);
  assert.equal(res.status, 200);
  assert.equal(res.json.errors, undefined, res.text);
  return names(res.json, "Book");
}

Deno.test("where: Equal on a text property matches by word tokens (valueText and valueString)", async () => {
  assert.deepEqual(await where('{path:["genre"] operator:Equal valueText:"fantasy"}'), [
    "b1",
    "b3",
  ]);
  // "science fiction" is tokenized into two words; "science" alone matches all three.
  assert.deepEqual(await where('{path:["genre"] operator:Equal valueText:"science"}'), [
    "b2",
    "b4",
    "b5",
  ]);
  // Every token of the value must occur: "the hobbit" matches b1 but not b3 ("The Fellowship...").
  assert.deepEqual(await where('{path:["title"] operator:Equal valueText:"the hobbit"}'), ["b1"]);
  assert.deepEqual(await where('{path:["genre"] operator:Equal valueString:"Romance"}'), ["b6"]);
});

Deno.test("where: Equal and NotEqual on int with valueInt", async () => {
  assert.deepEqual(await where('{path:["pages"] operator:Equal valueInt:310}'), ["b1"]);
  assert.deepEqual(await where('{path:["pages"] operator:NotEqual valueInt:310}'), [
    "b2",
    "b3",
    "b4",
    "b5",
    "b6",
  ]);
});

Deno.test("where: GreaterThan / GreaterThanEqual / LessThan / LessThanEqual on int are strict or inclusive", async () => {
  assert.deepEqual(await where('{path:["pages"] operator:GreaterThan valueInt:412}'), ["b3", "b6"]);
  assert.deepEqual(await where('{path:["pages"] operator:GreaterThanEqual valueInt:412}'), [
    "b2",
    "b3",
    "b6",
  ]);
  assert.deepEqual(await where('{path:["pages"] operator:LessThan valueInt:271}'), ["b5"]);
  assert.deepEqual(await where('{path:["pages"] operator:LessThanEqual valueInt:271}'), [
    "b4",
    "b5",
  ]);
});

Deno.test("where: range operators on number with valueNumber skip objects without the property", async () => {
  assert.deepEqual(await where('{path:["rating"] operator:GreaterThanEqual valueNumber:4.5}'), [
    "b1",
    "b2",
    "b3",
  ]);
  assert.deepEqual(await where('{path:["rating"] operator:GreaterThan valueNumber:4.5}'), [
    "b1",
    "b3",
  ]);
  // b6 has no rating: it is not "less than" anything.
  assert.deepEqual(await where('{path:["rating"] operator:LessThan valueNumber:4.3}'), [
    "b4",
    "b5",
  ]);
});

Deno.test("where: valueBoolean with Equal and NotEqual", async () => {
  assert.deepEqual(await where('{path:["available"] operator:Equal valueBoolean:true}'), [
    "b1",
    "b3",
    "b4",
    "b6",
  ]);
  assert.deepEqual(await where('{path:["available"] operator:NotEqual valueBoolean:true}'), [
    "b2",
    "b5",
  ]);
});

Deno.test("where: valueDate compares instants, including dates before 1970 and the boundary", async () => {
  assert.deepEqual(
    await where('{path:["published"] operator:GreaterThan valueDate:"1950-01-01T00:00:00Z"}'),
    ["b2", "b3", "b4", "b5"],
  );
  assert.deepEqual(
    await where('{path:["published"] operator:LessThanEqual valueDate:"1937-09-21T00:00:00Z"}'),
    ["b1", "b6"],
  );
  assert.deepEqual(
    await where('{path:["published"] operator:LessThan valueDate:"1900-01-01T00:00:00+01:00"}'),
    ["b6"],
  );
  assert.deepEqual(
    await where('{path:["published"] operator:Equal valueDate:"1954-07-29T00:00:00Z"}'),
    ["b3"],
  );
});

Deno.test("where: Like matches * and ? (case-insensitive on word tokenization)", async () => {
  assert.deepEqual(await where('{path:["title"] operator:Like valueText:"hob*"}'), ["b1"]);
  assert.deepEqual(await where('{path:["title"] operator:Like valueText:"HOB*"}'), ["b1"]);
  assert.deepEqual(await where('{path:["title"] operator:Like valueText:"?une"}'), ["b2"]);
  assert.deepEqual(await where('{path:["title"] operator:Like valueText:"f??ndation"}'), ["b5"]);
  assert.deepEqual(await where('{path:["title"] operator:Like valueText:"*mance*"}'), ["b4"]);
  assert.deepEqual(await where('{path:["genre"] operator:Like valueText:"sci*"}'), [
    "b2",
    "b4",
    "b5",
  ]);
  // `?` is exactly one character: "??une" would need a five-letter word ending in "une".
  assert.deepEqual(await where('{path:["title"] operator:Like valueText:"??une"}'), []);
});

Deno.test("where: IsNull true/false finds missing values", async () => {
  assert.deepEqual(await where('{path:["rating"] operator:IsNull valueBoolean:true}'), ["b6"]);
  assert.deepEqual(await where('{path:["location"] operator:IsNull valueBoolean:true}'), ["b5"]);
  assert.deepEqual(await where('{path:["rating"] operator:IsNull valueBoolean:false}'), [
    "b1",
    "b2",
    "b3",
    "b4",
    "b5",
  ]);
});

Deno.test("where: ContainsAny / ContainsAll / ContainsNone on text[]", async () => {
  assert.deepEqual(
    await where('{path:["tags"] operator:ContainsAny valueText:["space","quest"]}'),
    ["b2", "b3"],
  );
  assert.deepEqual(
    await where('{path:["tags"] operator:ContainsAll valueText:["classic","adventure"]}'),
    ["b1"],
  );
  assert.deepEqual(
    await where('{path:["tags"] operator:ContainsAll valueText:["classic"]}'),
    ["b1", "b2", "b6"],
  );
  assert.deepEqual(
    await where('{path:["tags"] operator:ContainsNone valueText:["classic","adventure"]}'),
    ["b4", "b5"],
  );
});

Deno.test("where: WithinGeoRange keeps objects within distance.max metres (haversine)", async () => {
  const london = "geoCoordinates:{latitude:51.5074 longitude:-0.1278}";
  const range = (m: number) =>
    where(
      `{path:["location"] operator:WithinGeoRange valueGeoRange:{${london} distance:{max:${m}}}}`,
    );
  assert.deepEqual(await range(10_000), ["b1"]);
  // Chawton ~73 km, Oxford ~83 km from London.
  assert.deepEqual(await range(78_000), ["b1", "b6"]);
  assert.deepEqual(await range(100_000), ["b1", "b3", "b6"]);
});

Deno.test('where: path ["id"] and uuid properties compare whole UUIDs', async () => {
  assert.deepEqual(
    await where('{path:["id"] operator:Equal valueText:"b0000000-0000-0000-0000-000000000003"}'),
    ["b3"],
  );
  assert.deepEqual(
    await where(
      '{path:["id"] operator:ContainsAny valueText:["b0000000-0000-0000-0000-000000000005","b0000000-0000-0000-0000-000000000002"]}',
    ),
    ["b2", "b5"],
  );
  assert.deepEqual(
    await where('{path:["isbn"] operator:Equal valueText:"e0000000-0000-0000-0000-000000000004"}'),
    ["b4"],
  );
});

Deno.test("where: And, Or, Not and nesting combine operands", async () => {
  assert.deepEqual(
    await where(
      '{operator:And operands:[{path:["genre"] operator:Equal valueText:"science fiction"},{path:["available"] operator:Equal valueBoolean:true}]}',
    ),
    ["b4"],
  );
  assert.deepEqual(
    await where(
      '{operator:Or operands:[{path:["pages"] operator:LessThan valueInt:260},{path:["rating"] operator:GreaterThan valueNumber:4.75}]}',
    ),
    ["b3", "b5"],
  );
  assert.deepEqual(
    await where('{operator:Not operands:[{path:["genre"] operator:Equal valueText:"fantasy"}]}'),
    ["b2", "b4", "b5", "b6"],
  );
  // (classic OR quest) AND NOT available=false  ->  {b1,b2,b3,b6} minus {b2}
  assert.deepEqual(
    await where(
      '{operator:And operands:[{operator:Or operands:[{path:["tags"] operator:Equal valueText:"classic"},{path:["tags"] operator:Equal valueText:"quest"}]},{operator:Not operands:[{path:["available"] operator:Equal valueBoolean:false}]}]}',
    ),
    ["b1", "b3", "b6"],
  );
});

Deno.test("where: combined with limit and offset filters first, then pages", async () => {
  const filter = '{path:["available"] operator:Equal valueBoolean:true}';
  assert.deepEqual(await where(filter, "limit:2 offset:1"), ["b3", "b4"]);
});

Deno.test("where: a value type that does not fit the property is a class error, not a crash", async () => {
  const { app } = await gateway;
  const res = await get(
    app,
    'Book(where:{path:["pages"] operator:Equal valueText:"many"}){title} Article(limit:1){title}',
  );
  assert.equal(res.status, 200);
  const data = res.json.data as { Get: Record<string, unknown> };
  assert.equal(data.Get.Book, null);
  assert.deepEqual(data.Get.Article, [{ title: "lava" }], "the sibling class still answers");
  const err = onlyError(res.json);
  assert.deepEqual(err.path, ["Get", "Book"]);
  assert.deepEqual(err.locations, [{ column: 6, line: 1 }]);
  assert.match(err.message, /data type filter cannot use "valueText" on type "int"/);
  assert.match(err.message, /use "valueInt" instead/);
});

Deno.test("where: an unknown property is a class error with Weaviate's text", async () => {
  const { app } = await gateway;
  const res = await get(app, 'Book(where:{path:["author"] operator:Equal valueText:"x"}){title}');
  assert.deepEqual(res.json.data, { Get: { Book: null } });
  const err = onlyError(res.json);
  assert.deepEqual(err.path, ["Get", "Book"]);
  assert.match(err.message, /no such prop with name 'author' found in class 'Book' in the schema/);
});

Deno.test("where + nearVector: filters the candidates, keeps distance order", async () => {
  const { app } = await gateway;
  const res = await get(
    app,
    'Book(nearVector:{vector:[1,0]} where:{path:["available"] operator:Equal valueBoolean:true}){_additional{id}}',
  );
  assert.deepEqual(names(res.json, "Book"), ["b1", "b3", "b4", "b6"]);
});

Deno.test("where + bm25: only matching objects that pass the filter", async () => {
  const { app } = await gateway;
  const res = await get(
    app,
    'Book(bm25:{query:"classic"} where:{path:["available"] operator:Equal valueBoolean:false}){_additional{id}}',
  );
  assert.deepEqual(names(res.json, "Book"), ["b2"]);
});

Deno.test("where + hybrid: both halves see only the filtered objects", async () => {
  const { app } = await gateway;
  // Keyword half: only b1 ("classic") is a fantasy book; vector half: b1 (d 0), b3 (d 0.019).
  const res = await get(
    app,
    'Book(hybrid:{query:"classic" vector:[1,0] alpha:0.5} where:{path:["genre"] operator:Equal valueText:"fantasy"}){_additional{id}}',
  );
  assert.deepEqual(names(res.json, "Book"), ["b1", "b3"]);
});
