import assert from "node:assert/strict";
import type { PropertyConfig } from "../../src/config/types.ts";
import type { SortSpec } from "../../src/core/plan.ts";
import type { FilterTarget } from "../../src/search/filter.ts";
import { compareBySort } from "../../src/search/sort.ts";

const prop = (name: string, dataType: PropertyConfig["dataType"][0]): PropertyConfig => ({
  name,
  dataType: [dataType],
  tokenization: "word",
  indexFilterable: true,
  indexSearchable: false,
});
const schema = {
  className: "Thing",
  properties: [
    prop("name", "text"),
    prop("n", "number"),
    prop("when", "date"),
    prop("ok", "boolean"),
    prop("list", "int[]"),
  ],
};

const t = (id: string, properties: Record<string, unknown>, created = 0): FilterTarget => ({
  id,
  properties,
  creationTimeUnix: created,
  lastUpdateTimeUnix: created,
});

const items = [
  t("c", { name: "banana", n: 2, when: "2024-01-02T00:00:00Z", ok: true, list: [1, 2] }, 30),
  t("a", { name: "Apple", n: 10, when: "2024-01-01T23:00:00-02:00", ok: false, list: [1] }, 10),
  t("b", { name: "cherry", when: "2023-12-31T00:00:00Z", list: [0, 5] }, 20),
  t("d", { name: "apple", n: 2 }, 40),
];

function order(specs: SortSpec[]): string[] {
  const cmp = compareBySort(specs, schema);
  return [...items].sort(cmp).map((x) => x.id);
}

Deno.test("sort: strings case-insensitive, ties keep input order", () => {
  assert.deepEqual(order([{ path: ["name"], order: "asc" }]), ["a", "d", "c", "b"]);
  assert.deepEqual(order([{ path: ["name"], order: "desc" }]), ["b", "c", "a", "d"]);
});

Deno.test("sort: nulls first ascending, last descending (Weaviate's nil = smallest)", () => {
  assert.deepEqual(order([{ path: ["n"], order: "asc" }]), ["b", "c", "d", "a"]);
  assert.deepEqual(order([{ path: ["n"], order: "desc" }]), ["a", "c", "d", "b"]);
});

Deno.test("sort: later specs break ties", () => {
  assert.deepEqual(order([{ path: ["n"], order: "asc" }, { path: ["name"], order: "asc" }]), [
    "b",
    "d",
    "c",
    "a",
  ]);
});

Deno.test("sort: dates as instants, booleans false < true", () => {
  // a = 2024-01-02T01:00Z, c = 2024-01-02T00:00Z
  assert.deepEqual(order([{ path: ["when"], order: "asc" }]), ["d", "b", "c", "a"]);
  assert.deepEqual(order([{ path: ["ok"], order: "asc" }]), ["b", "d", "a", "c"]);
});

Deno.test("sort: arrays element-wise then by length", () => {
  assert.deepEqual(order([{ path: ["list"], order: "asc" }]), ["d", "b", "a", "c"]);
});

Deno.test("sort: id and _creationTimeUnix metadata paths", () => {
  assert.deepEqual(order([{ path: ["id"], order: "asc" }]), ["a", "b", "c", "d"]);
  assert.deepEqual(order([{ path: ["_creationTimeUnix"], order: "desc" }]), ["d", "c", "b", "a"]);
});

Deno.test("sort: unknown property is a Weaviate-like error", () => {
  assert.throws(
    () => compareBySort([{ path: ["nope"], order: "asc" }], schema),
    /no such prop with name 'nope' found in class 'Thing'/,
  );
});
