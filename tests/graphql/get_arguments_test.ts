/**
 * `Get` pagination, cursor, sort and groupBy arguments through POST /v1/graphql (spec §1.1), on the
 * datasets of get_dataset.ts. Search arguments are in get_search_test.ts, `where` in
 * get_where_test.ts.
 */
import assert from "node:assert/strict";
import { testGateway } from "../helpers/harness.ts";
import { B, BOOK, COUNTER, get, names, onlyError, rows } from "./get_dataset.ts";

const gateway = testGateway([BOOK, COUNTER]);

async function bookIds(args: string): Promise<string[]> {
  const { app } = await gateway;
  const res = await get(app, `Book${args ? `(${args})` : ""}{_additional{id}}`);
  assert.equal(res.json.errors, undefined, res.text);
  return names(res.json, "Book");
}

async function classError(body: string, alias: string): Promise<string> {
  const { app } = await gateway;
  const res = await get(app, body);
  assert.equal(res.status, 200);
  const data = res.json.data as { Get: Record<string, unknown> };
  assert.equal(data.Get[alias], null, `Get.${alias} is null`);
  const err = onlyError(res.json);
  assert.deepEqual(err.path, ["Get", alias]);
  return err.message;
}

Deno.test("limit and offset page through the list path in id order", async () => {
  assert.deepEqual(await bookIds(""), ["b1", "b2", "b3", "b4", "b5", "b6"]);
  assert.deepEqual(await bookIds("limit:2"), ["b1", "b2"]);
  assert.deepEqual(await bookIds("limit:2 offset:2"), ["b3", "b4"]);
  assert.deepEqual(await bookIds("offset:4"), ["b5", "b6"]);
  assert.deepEqual(await bookIds("offset:6"), []);
});

Deno.test("limit defaults: 100 plain, 10 with offset or autocut, 100 for hybrid, negative = unset", async () => {
  const { app } = await gateway;
  const count = async (args: string) => {
    const res = await get(app, `Counter${args ? `(${args})` : ""}{n}`);
    assert.equal(res.json.errors, undefined, res.text);
    return rows(res.json, "Counter").length;
  };
  assert.equal(await count(""), 100, "QUERY_DEFAULTS_LIMIT_GRAPHQL");
  assert.equal(await count("offset:1"), 10, "QUERY_DEFAULTS_LIMIT with offset");
  assert.equal(await count("autocut:1"), 10, "QUERY_DEFAULTS_LIMIT with autocut");
  // Weaviate: a negative limit is "not set", but the pagination exists, so QUERY_DEFAULTS_LIMIT
  // (entities/filters/pagination.go, adapters/repos/db/search.go getLimit).
  assert.equal(await count("limit:-1"), 10, "a negative limit means not set");
  assert.equal(await count("limit:7"), 7);
  assert.equal(await count("limit:115"), 115);
  assert.equal(await count('bm25:{query:"item"}'), 100);
  assert.equal(await count('hybrid:{query:"item" alpha:0}'), 100, "QUERY_HYBRID_MAXIMUM_RESULTS");
});

Deno.test("offset + limit beyond QUERY_MAXIMUM_RESULTS is a class error with Weaviate's text", async () => {
  const message = await classError("Book(offset:9995 limit:10){title}", "Book");
  assert.ok(
    message.startsWith(
      "explorer: list class: search: invalid pagination params: " +
        "query maximum results exceeded: the total limit calculated from the provided offset '9995' " +
        "and limit '10' exceeds the configured value for QUERY_MAXIMUM_RESULTS '10000'",
    ),
    message,
  );
});

Deno.test("autocut cuts nearVector results at the Nth distance jump", async () => {
  // Distances 0, 0.005, 0.019 | 0.804, 1 | 1.995: the first jump is after b3, the second after b5.
  assert.deepEqual(await bookIds("nearVector:{vector:[1,0]} autocut:1"), ["b1", "b2", "b3"]);
  assert.deepEqual(await bookIds("nearVector:{vector:[1,0]} autocut:2"), [
    "b1",
    "b2",
    "b3",
    "b4",
    "b5",
  ]);
  assert.deepEqual(await bookIds("nearVector:{vector:[1,0]} autocut:-1"), [
    "b1",
    "b2",
    "b3",
    "b4",
    "b5",
    "b6",
  ], "negative autocut is off");
  // autocut works on the offset+limit window, then the offset is dropped.
  assert.deepEqual(await bookIds("nearVector:{vector:[1,0]} autocut:1 offset:1"), ["b2", "b3"]);
});

Deno.test("after: the cursor walks ids in ascending order", async () => {
  assert.deepEqual(await bookIds(`after:"${B.b2}" limit:2`), ["b3", "b4"]);
  assert.deepEqual(await bookIds(`after:"${B.b5}" limit:5`), ["b6"]);
  assert.deepEqual(await bookIds(`after:"${B.b6}" limit:5`), []);
  // The cursor need not be an existing id: it is a position in id order.
  assert.deepEqual(await bookIds('after:"b0000000-0000-0000-0000-000000000000" limit:1'), ["b1"]);
});

Deno.test("after: conflicts with search arguments, where, sort and offset (Weaviate's texts)", async () => {
  const prefix = "cursor api: invalid 'after' parameter: ";
  const other = `${prefix}other params cannot be set with after and limit parameters`;
  const after = `after:"${B.b1}" limit:2`;
  assert.equal(await classError(`Book(${after} bm25:{query:"dune"}){title}`, "Book"), other);
  assert.equal(await classError(`Book(${after} nearVector:{vector:[1,0]}){title}`, "Book"), other);
  assert.equal(await classError(`Book(${after} nearObject:{id:"${B.b1}"}){title}`, "Book"), other);
  assert.equal(
    await classError(`Book(${after} hybrid:{query:"dune" vector:[1,0]}){title}`, "Book"),
    other,
  );
  assert.equal(
    await classError(
      `Book(${after} where:{path:["pages"] operator:Equal valueInt:1}){title}`,
      "Book",
    ),
    `${prefix}where cannot be set with after and limit parameters`,
  );
  assert.equal(
    await classError(`Book(${after} sort:[{path:["pages"]}]){title}`, "Book"),
    `${prefix}sort cannot be set with after and limit parameters`,
  );
  assert.equal(
    await classError(`Book(${after} offset:1){title}`, "Book"),
    `${prefix}offset cannot be set with after and limit parameters`,
  );
  assert.equal(
    await classError(
      `Book(${after} offset:1 where:{path:["pages"] operator:Equal valueInt:1} sort:[{path:["pages"]}]){title}`,
      "Book",
    ),
    `${prefix}offset,where,sort cannot be set with after and limit parameters`,
  );
});

Deno.test("sort: int ascending (the default order) and descending", async () => {
  // pages: b5 255, b4 271, b1 310, b2 412, b3 423, b6 474
  const asc = ["b5", "b4", "b1", "b2", "b3", "b6"];
  assert.deepEqual(await bookIds('sort:[{path:["pages"]}]'), asc);
  assert.deepEqual(await bookIds('sort:[{path:["pages"] order:asc}]'), asc);
  assert.deepEqual(await bookIds('sort:[{path:["pages"] order:desc}]'), [...asc].reverse());
  assert.deepEqual(await bookIds('sort:[{path:["pages"] order:asc}] limit:2 offset:1'), [
    "b4",
    "b1",
  ]);
});

Deno.test("sort: text ascending and descending (case-insensitive)", async () => {
  // Dune, Foundation and Empire, Neuromancer, Pride and Prejudice, The Fellowship..., The Hobbit
  const asc = ["b2", "b5", "b4", "b6", "b3", "b1"];
  assert.deepEqual(await bookIds('sort:[{path:["title"] order:asc}]'), asc);
  assert.deepEqual(await bookIds('sort:[{path:["title"] order:desc}]'), [...asc].reverse());
});

Deno.test("sort: date ascending compares instants (1813 before 1937)", async () => {
  assert.deepEqual(await bookIds('sort:[{path:["published"] order:asc}]'), [
    "b6",
    "b1",
    "b5",
    "b3",
    "b2",
    "b4",
  ]);
  assert.deepEqual(await bookIds('sort:[{path:["published"] order:desc}] limit:2'), ["b4", "b2"]);
});

Deno.test("sort: later keys break ties of earlier ones", async () => {
  // fantasy (b3 423, b1 310), romance (b6), science fiction (b2 412, b4 271, b5 255)
  assert.deepEqual(
    await bookIds('sort:[{path:["genre"] order:asc},{path:["pages"] order:desc}]'),
    ["b3", "b1", "b6", "b2", "b4", "b5"],
  );
  assert.deepEqual(
    await bookIds('sort:[{path:["genre"] order:desc},{path:["pages"] order:asc}]'),
    ["b5", "b4", "b2", "b6", "b1", "b3"],
  );
});

Deno.test("sort: combined with bm25 or hybrid is an error; a sibling class still answers", async () => {
  const { app } = await gateway;
  const res = await get(
    app,
    'Book(bm25:{query:"classic"} sort:[{path:["pages"]}]){title} H:Book(hybrid:{query:"classic"} sort:[{path:["pages"]}]){title} Counter(limit:1){n}',
  );
  const data = res.json.data as { Get: Record<string, unknown[] | null> };
  assert.equal(data.Get.Book, null);
  assert.equal(data.Get.H, null);
  assert.equal(data.Get.Counter?.length, 1, "the sibling class still answers");
  const errors = res.json.errors as { message: string; path: string[] }[];
  assert.deepEqual(errors.map((e) => [e.path, e.message]), [
    [["Get", "Book"], "bm25 search is not compatible with sort"],
    [["Get", "H"], "hybrid search is not compatible with sort"],
  ]);
});

Deno.test("groupBy: groups in retrieval order, capped by groups and objectsPerGroup", async () => {
  const { app } = await gateway;
  const res = await get(
    app,
    'Book(nearVector:{vector:[1,0]} groupBy:{path:["genre"] groups:2 objectsPerGroup:2}){title _additional{group{id count groupedBy{path value} minDistance maxDistance hits{title pages _additional{id distance}}}}}',
  );
  assert.equal(res.json.errors, undefined, res.text);
  const list = rows(res.json, "Book");
  assert.equal(list.length, 2, "groups: 2 drops the romance group");
  type Hit = { title: string; pages: number; _additional: { id: string; distance: number } };
  type G = {
    id: number;
    count: number;
    groupedBy: { path: string[]; value: string };
    minDistance: number;
    maxDistance: number;
    hits: Hit[];
  };
  const groups = list.map((r) => (r._additional as { group: G }).group);
  assert.deepEqual(list.map((r) => r.title), [null, null], "top level is only a group wrapper");
  assert.deepEqual(groups.map((g) => [g.id, g.groupedBy, g.count]), [
    [0, { path: ["genre"], value: "fantasy" }, 2],
    [1, { path: ["genre"], value: "science fiction" }, 2],
  ]);
  assert.deepEqual(groups[0].hits.map((h) => [h._additional.id, h.title, h.pages]), [
    [B.b1, "The Hobbit", 310],
    [B.b3, "The Fellowship of the Ring", 423],
  ]);
  assert.deepEqual(groups[1].hits.map((h) => h._additional.id), [B.b2, B.b4], "b5 is over cap");
  assert.equal(groups[0].minDistance, 0);
  assert.ok(Math.abs(groups[0].maxDistance - (1 - 1 / Math.sqrt(1.04))) < 1e-6);
  assert.ok(Math.abs(groups[1].minDistance - (1 - 1 / Math.sqrt(1.01))) < 1e-6);
  assert.ok(Math.abs(groups[1].maxDistance - (1 - 0.2 / Math.sqrt(1.04))) < 1e-6);
  assert.equal(groups[1].hits[1]._additional.distance, groups[1].maxDistance);

  const one = await get(
    app,
    'Book(nearVector:{vector:[1,0]} groupBy:{path:["genre"] groups:3 objectsPerGroup:1}){_additional{group{count groupedBy{value} hits{_additional{id}}}}}',
  );
  const g1 = rows(one.json, "Book").map((r) =>
    (r._additional as { group: { count: number; groupedBy: { value: string }; hits: Hit[] } })
      .group
  );
  assert.deepEqual(g1.map((g) => [g.groupedBy.value, g.count, g.hits[0]._additional.id]), [
    ["fantasy", 1, B.b1],
    ["science fiction", 1, B.b2],
    ["romance", 1, B.b6],
  ]);
});
