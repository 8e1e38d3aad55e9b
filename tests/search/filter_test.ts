import assert from "node:assert/strict";
import type { PropertyConfig } from "../../src/config/types.ts";
import type { Filter, FilterValue } from "../../src/core/plan.ts";
import { compileFilter, compileLike, type FilterTarget } from "../../src/search/filter.ts";

const prop = (
  name: string,
  dataType: PropertyConfig["dataType"][0],
  tokenization: PropertyConfig["tokenization"] = "word",
): PropertyConfig => ({
  name,
  dataType: [dataType],
  tokenization,
  indexFilterable: true,
  indexSearchable: true,
});

const schema = {
  className: "Article",
  properties: [
    prop("title", "text"),
    prop("code", "text", "field"),
    prop("caseful", "text", "whitespace"),
    prop("tags", "text[]"),
    prop("slug", "string"),
    prop("views", "int"),
    prop("scores", "number[]"),
    prop("rating", "number"),
    prop("published", "boolean"),
    prop("date", "date"),
    prop("place", "geoCoordinates"),
  ],
};

const objects: FilterTarget[] = [
  {
    id: "00000000-0000-0000-0000-000000000001",
    properties: {
      title: "The Quick Brown Fox",
      code: "AB-1",
      caseful: "Hello World",
      tags: ["red", "green apple"],
      slug: "quick-fox",
      views: 10,
      scores: [1, 2.5],
      rating: 4.5,
      published: true,
      date: "2024-01-01T00:00:00Z",
      place: { latitude: 52.52, longitude: 13.405 }, // Berlin
    },
    creationTimeUnix: 1000,
    lastUpdateTimeUnix: 2000,
  },
  {
    id: "00000000-0000-0000-0000-000000000002",
    properties: {
      title: "Lazy dogs sleep",
      code: "AB-2",
      tags: ["blue"],
      slug: "lazy-dogs",
      views: 20,
      scores: [3],
      rating: 2,
      published: false,
      date: "2024-06-01T12:00:00+02:00",
      place: { latitude: 48.8566, longitude: 2.3522 }, // Paris
    },
    creationTimeUnix: 3000,
    lastUpdateTimeUnix: 4000,
  },
  {
    id: "00000000-0000-0000-0000-000000000003",
    properties: { title: "Foxes and dogs", views: 30, tags: [] },
    creationTimeUnix: 5000,
    lastUpdateTimeUnix: 6000,
  },
];

function leaf(operator: Filter["operator"], path: string[], value: FilterValue): Filter {
  return { operator, path, value } as Filter;
}

function ids(filter: Filter): number[] {
  const p = compileFilter(filter, schema);
  return objects.flatMap((o, i) => (p(o) ? [i + 1] : []));
}

const text = (value: string | string[]): FilterValue => ({ type: "text", value });
const int = (value: number | number[]): FilterValue => ({ type: "int", value });
const num = (value: number | number[]): FilterValue => ({ type: "number", value });
const bool = (value: boolean): FilterValue => ({ type: "boolean", value });
const date = (value: string): FilterValue => ({ type: "date", value });

Deno.test("filter: Equal on text means all tokens present, case-insensitive (word)", () => {
  assert.deepEqual(ids(leaf("Equal", ["title"], text("quick FOX"))), [1]);
  assert.deepEqual(ids(leaf("Equal", ["title"], text("fox"))), [1]);
  assert.deepEqual(ids(leaf("Equal", ["title"], text("dogs"))), [2, 3]);
  assert.deepEqual(ids(leaf("Equal", ["title"], text("fox cat"))), []);
});

Deno.test("filter: Equal respects field and whitespace tokenization", () => {
  assert.deepEqual(ids(leaf("Equal", ["code"], text("AB-1"))), [1]);
  assert.deepEqual(ids(leaf("Equal", ["code"], text("ab-1"))), []);
  assert.deepEqual(ids(leaf("Equal", ["caseful"], text("World"))), [1]);
  assert.deepEqual(ids(leaf("Equal", ["caseful"], text("world"))), []);
});

Deno.test("filter: Equal on arrays matches any element; on string the whole value", () => {
  assert.deepEqual(ids(leaf("Equal", ["tags"], text("apple"))), [1]);
  assert.deepEqual(ids(leaf("Equal", ["scores"], num(3))), [2]);
  assert.deepEqual(ids(leaf("Equal", ["slug"], text("lazy-dogs"))), [2]);
  assert.deepEqual(ids(leaf("Equal", ["slug"], text("lazy"))), []);
});

Deno.test("filter: NotEqual is the complement, so missing values match", () => {
  assert.deepEqual(ids(leaf("NotEqual", ["rating"], num(2))), [1, 3]);
  assert.deepEqual(ids(leaf("NotEqual", ["views"], int(10))), [2, 3]);
});

Deno.test("filter: numeric comparisons on int and number", () => {
  assert.deepEqual(ids(leaf("GreaterThan", ["views"], int(10))), [2, 3]);
  assert.deepEqual(ids(leaf("GreaterThanEqual", ["views"], int(20))), [2, 3]);
  assert.deepEqual(ids(leaf("LessThan", ["views"], int(20))), [1]);
  assert.deepEqual(ids(leaf("LessThanEqual", ["rating"], num(4.5))), [1, 2]);
  assert.deepEqual(ids(leaf("GreaterThan", ["scores"], num(2))), [1, 2]);
});

Deno.test("filter: dates compare as instants across time zones", () => {
  assert.deepEqual(ids(leaf("GreaterThan", ["date"], date("2024-06-01T10:00:00Z"))), []);
  assert.deepEqual(ids(leaf("GreaterThanEqual", ["date"], date("2024-06-01T10:00:00Z"))), [2]);
  assert.deepEqual(ids(leaf("Equal", ["date"], date("2024-06-01T10:00:00Z"))), [2]);
  assert.deepEqual(ids(leaf("LessThan", ["date"], date("2024-03-01T00:00:00Z"))), [1]);
});

Deno.test("filter: text and string ranges are lexicographic", () => {
  assert.deepEqual(ids(leaf("GreaterThan", ["slug"], text("m"))), [1]);
  assert.deepEqual(ids(leaf("LessThan", ["code"], text("AB-2"))), [1]);
});

Deno.test("filter: boolean Equal", () => {
  assert.deepEqual(ids(leaf("Equal", ["published"], bool(true))), [1]);
  assert.deepEqual(ids(leaf("Equal", ["published"], bool(false))), [2]);
});

Deno.test("filter: Like with * and ? on text tokens, case-insensitive", () => {
  assert.deepEqual(ids(leaf("Like", ["title"], text("qu*"))), [1]);
  assert.deepEqual(ids(leaf("Like", ["title"], text("FOX*"))), [1, 3]);
  assert.deepEqual(ids(leaf("Like", ["title"], text("d?gs"))), [2, 3]);
  assert.deepEqual(ids(leaf("Like", ["title"], text("*o* sl*"))), [2]);
  assert.deepEqual(ids(leaf("Like", ["slug"], text("*-fox"))), [1]);
  assert.deepEqual(ids(leaf("Like", ["id"], text("*0003"))), [3]);
});

Deno.test("filter: Like treats regex characters literally", () => {
  assert.ok(compileLike("a.b*").test("a.bcd"));
  assert.ok(!compileLike("a.b").test("axb"));
});

Deno.test("filter: ContainsAny / ContainsAll / ContainsNone on arrays and text tokens", () => {
  assert.deepEqual(ids(leaf("ContainsAny", ["tags"], text(["blue", "red"]))), [1, 2]);
  assert.deepEqual(ids(leaf("ContainsAll", ["tags"], text(["red", "apple"]))), [1]);
  assert.deepEqual(ids(leaf("ContainsNone", ["tags"], text(["red"]))), [2, 3]);
  assert.deepEqual(ids(leaf("ContainsAny", ["scores"], num([3, 7]))), [2]);
  assert.deepEqual(ids(leaf("ContainsAll", ["scores"], num([1, 2.5]))), [1]);
  assert.deepEqual(ids(leaf("ContainsAny", ["title"], text(["cat", "dogs"]))), [2, 3]);
  assert.deepEqual(ids(leaf("ContainsAll", ["title"], text(["foxes", "dogs"]))), [3]);
});

Deno.test("filter: IsNull matches missing, null and empty arrays", () => {
  assert.deepEqual(ids(leaf("IsNull", ["rating"], bool(true))), [3]);
  assert.deepEqual(ids(leaf("IsNull", ["rating"], bool(false))), [1, 2]);
  assert.deepEqual(ids(leaf("IsNull", ["tags"], bool(true))), [3]);
});

Deno.test("filter: WithinGeoRange uses haversine metres", () => {
  const nearBerlin: FilterValue = {
    type: "geoRange",
    value: { latitude: 52.5, longitude: 13.4, maxDistance: 5000 },
  };
  assert.deepEqual(ids(leaf("WithinGeoRange", ["place"], nearBerlin)), [1]);
  // Berlin-Paris is ~878 km.
  const wide: FilterValue = {
    type: "geoRange",
    value: { latitude: 52.52, longitude: 13.405, maxDistance: 880_000 },
  };
  assert.deepEqual(ids(leaf("WithinGeoRange", ["place"], wide)), [1, 2]);
  const narrow: FilterValue = {
    type: "geoRange",
    value: { latitude: 52.52, longitude: 13.405, maxDistance: 870_000 },
  };
  assert.deepEqual(ids(leaf("WithinGeoRange", ["place"], narrow)), [1]);
});

Deno.test("filter: id / _id and metadata timestamps", () => {
  assert.deepEqual(ids(leaf("Equal", ["id"], text("00000000-0000-0000-0000-000000000002"))), [2]);
  assert.deepEqual(
    ids(leaf("Equal", ["_id"], text("00000000-0000-0000-0000-000000000002".toUpperCase()))),
    [2],
  );
  assert.deepEqual(ids(leaf("GreaterThan", ["_creationTimeUnix"], text("1000"))), [2, 3]);
  assert.deepEqual(ids(leaf("LessThanEqual", ["_lastUpdateTimeUnix"], int(4000))), [1, 2]);
  assert.deepEqual(ids(leaf("Equal", ["_creationTimeUnix"], date("1970-01-01T00:00:05Z"))), [3]);
});

Deno.test("filter: And / Or / Not", () => {
  const fox = leaf("Equal", ["title"], text("fox"));
  const many = leaf("GreaterThan", ["views"], int(15));
  assert.deepEqual(ids({ operator: "And", operands: [fox, many] }), []);
  assert.deepEqual(ids({ operator: "Or", operands: [fox, many] }), [1, 2, 3]);
  assert.deepEqual(ids({ operator: "Not", operands: [fox] }), [2, 3]);
  assert.deepEqual(
    ids({
      operator: "And",
      operands: [{ operator: "Not", operands: [fox] }, leaf("Equal", ["title"], text("dogs"))],
    }),
    [2, 3],
  );
});

Deno.test("filter: type mismatches raise Weaviate-like errors", () => {
  assert.throws(
    () => compileFilter(leaf("Equal", ["title"], int(3)), schema),
    /data type filter cannot use "valueInt" on type "text".*use "valueText" instead/,
  );
  assert.throws(
    () => compileFilter(leaf("Equal", ["views"], text("3")), schema),
    /data type filter cannot use "valueText" on type "int".*use "valueInt" instead/,
  );
  assert.throws(
    () => compileFilter(leaf("Equal", ["date"], date("yesterday")), schema),
    /invalid date value/,
  );
  assert.throws(
    () => compileFilter(leaf("Like", ["views"], int(3)), schema),
    /cannot use|only supported on text/,
  );
  assert.throws(() => compileFilter(leaf("IsNull", ["views"], int(1)), schema), /IsNull requires/);
  assert.throws(
    () => compileFilter(leaf("WithinGeoRange", ["title"], text("x")), schema),
    /WithinGeoRange/,
  );
  assert.throws(
    () => compileFilter(leaf("GreaterThan", ["published"], bool(true)), schema),
    /not supported/,
  );
});

Deno.test("filter: unknown properties and reference paths are errors", () => {
  assert.throws(
    () => compileFilter(leaf("Equal", ["nope"], text("x")), schema),
    /no such prop with name 'nope' found in class 'Article'/,
  );
  assert.throws(
    () => compileFilter(leaf("Equal", ["author", "Person", "name"], text("x")), schema),
    /cross-reference/,
  );
});

Deno.test("filter: int values work on number properties and vice versa", () => {
  assert.deepEqual(ids(leaf("Equal", ["rating"], int(2))), [2]);
  assert.deepEqual(ids(leaf("Equal", ["views"], num(20))), [2]);
});
