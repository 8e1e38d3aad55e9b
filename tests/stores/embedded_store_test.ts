import assert from "node:assert/strict";
import type { Candidate } from "../../src/core/candidate.ts";
import type { AdditionalField } from "../../src/core/plan.ts";
import { isUuid } from "../../src/stores/embedded/uuid.ts";
import {
  collection,
  ids,
  plan,
  prop,
  signal,
  store,
  textStore,
  uuid,
  vectorProps,
  vectorStore,
} from "./embedded_fixtures.ts";
import { createEmbeddedStore } from "../../src/stores/embedded/store.ts";
import type { DistanceMetric } from "../../src/config/types.ts";

Deno.test("embedded: capabilities are all on", async () => {
  const s = await vectorStore();
  const caps = s.capabilities;
  assert.deepEqual([...caps.modes].sort(), [
    "bm25",
    "hybrid",
    "list",
    "nearObject",
    "nearText",
    "nearVector",
  ]);
  assert.ok(caps.filters && caps.sort && caps.groupBy && caps.cursor);
  assert.equal(s.size, 5);
  assert.equal(s.dimensions, 2);
});

Deno.test("embedded: list returns id order with projection, timestamps, no vector unless asked", async () => {
  const s = await vectorStore();
  const out = await s.retrieve(plan({ kind: "list" }, { properties: ["title", "missing"] }), {
    signal,
  });
  assert.deepEqual(ids(out), [1, 2, 3, 4, 5]);
  assert.deepEqual(out[0].properties, { title: "one" });
  assert.equal(out[0].creationTimeUnix, 1_700_000_000_000);
  assert.equal(out[0].lastUpdateTimeUnix, 1_700_000_000_000);
  assert.equal(out[0].vector, undefined);
  assert.equal(out[0].distance, undefined);
  const withVector = await s.retrieve(
    plan({ kind: "list" }, { additional: new Set<AdditionalField>(["vector"]) }),
    { signal },
  );
  assert.deepEqual(withVector[0].vector, [1, 0]);
  assert.equal(withVector[4].vector, undefined);
});

Deno.test("embedded: list applies filter, sort, offset and limit", async () => {
  const s = await vectorStore();
  const filter = { operator: "Equal", path: ["cat"], value: { type: "text", value: "a" } } as const;
  assert.deepEqual(ids(await s.retrieve(plan({ kind: "list" }, { filter }), { signal })), [
    1,
    3,
    5,
  ]);
  const sorted = await s.retrieve(
    plan({ kind: "list" }, { sort: [{ path: ["n"], order: "desc" }], offset: 1, limit: 2 }),
    { signal },
  );
  assert.deepEqual(ids(sorted), [4, 3]);
});

Deno.test("embedded: cursor `after` starts after the given id in id order", async () => {
  const s = await vectorStore();
  assert.deepEqual(
    ids(await s.retrieve(plan({ kind: "list" }, { after: uuid(2), limit: 2 }), { signal })),
    [3, 4],
  );
  assert.deepEqual(
    ids(await s.retrieve(plan({ kind: "list" }, { after: uuid(5) }), { signal })),
    [],
  );
});

Deno.test("embedded: nearVector orders by cosine distance with certainty; objects without vectors are never found", async () => {
  const s = await vectorStore();
  const out = await s.retrieve(plan({ kind: "nearVector", vector: [1, 0] }), { signal });
  assert.deepEqual(ids(out), [1, 2, 3, 4]);
  assert.equal(out[0].distance, 0);
  assert.equal(out[0].certainty, 1);
  assert.equal(out[3].distance, 1);
  assert.equal(out[3].certainty, 0.5);
  assert.ok(Math.abs(out[2].distance! - (1 - Math.SQRT1_2)) < 1e-6);
});

Deno.test("embedded: nearVector distance and certainty thresholds", async () => {
  const s = await vectorStore();
  const byDistance = await s.retrieve(plan({ kind: "nearVector", vector: [1, 0], distance: 0.3 }), {
    signal,
  });
  assert.deepEqual(ids(byDistance), [1, 2, 3]);
  const byCertainty = await s.retrieve(
    plan({ kind: "nearVector", vector: [1, 0], certainty: 0.99 }),
    { signal },
  );
  assert.deepEqual(ids(byCertainty), [1, 2]);
  await assert.rejects(
    () =>
      s.retrieve(plan({ kind: "nearVector", vector: [1, 0], certainty: 0.9, distance: 0.1 }), {
        signal,
      }),
    /cannot provide distance and certainty/,
  );
});

Deno.test("embedded: certainty with a non-cosine metric is an error", async () => {
  const s = await vectorStore("l2-squared");
  await assert.rejects(
    () => s.retrieve(plan({ kind: "nearVector", vector: [1, 0], certainty: 0.5 }), { signal }),
    /can't compute and return certainty when vector index is configured with l2-squared distance/,
  );
  await assert.rejects(
    () =>
      s.retrieve(
        plan({ kind: "nearVector", vector: [1, 0] }, {
          additional: new Set<AdditionalField>(["certainty"]),
        }),
        { signal },
      ),
    /can't compute and return certainty/,
  );
  const out = await s.retrieve(plan({ kind: "nearVector", vector: [1, 0] }), { signal });
  assert.equal(out[0].certainty, undefined);
});

Deno.test("embedded: every metric orders and measures as Weaviate does", async () => {
  // query [1, 0.2] against [1,0], [0.9,0.1], [0.7,0.7], [0,1]; ties keep object order.
  const f = Math.fround;
  const cases: [DistanceMetric, number[], number[]][] = [
    ["dot", [1, 2, 3, 4], [
      -1,
      -f(f(0.9) + f(0.2) * f(0.1)),
      -f(f(0.7) + f(0.2) * f(0.7)),
      -f(0.2),
    ]],
    ["l2-squared", [2, 1, 3, 4], [0.02, 0.04, 0.34, 1.64]],
    ["manhattan", [1, 2, 3, 4], [0.2, 0.2, 0.8, 1.8]],
    ["hamming", [1, 2, 3, 4], [1, 2, 2, 2]],
  ];
  for (const [metric, order, distances] of cases) {
    const s = await vectorStore(metric);
    const out = await s.retrieve(plan({ kind: "nearVector", vector: [1, 0.2] }), { signal });
    assert.deepEqual(ids(out), order, metric);
    out.forEach((c, i) =>
      assert.ok(Math.abs(c.distance! - distances[i]) < 1e-6, `${metric}: ${c.distance}`)
    );
    assert.ok(out.every((c) => c.certainty === undefined));
  }
});

Deno.test("embedded: nearVector with filter, offset/limit and sort of the window", async () => {
  const s = await vectorStore();
  const filter = { operator: "Equal", path: ["cat"], value: { type: "text", value: "b" } } as const;
  assert.deepEqual(
    ids(await s.retrieve(plan({ kind: "nearVector", vector: [1, 0] }, { filter }), { signal })),
    [2, 4],
  );
  assert.deepEqual(
    ids(
      await s.retrieve(plan({ kind: "nearVector", vector: [1, 0] }, { offset: 1, limit: 2 }), {
        signal,
      }),
    ),
    [2, 3],
  );
  const sorted = await s.retrieve(
    plan({ kind: "nearVector", vector: [1, 0] }, {
      limit: 3,
      sort: [{ path: ["n"], order: "desc" }],
    }),
    { signal },
  );
  assert.deepEqual(ids(sorted), [3, 2, 1]);
});

Deno.test("embedded: nearVector autocut cuts at the first jump in distances", async () => {
  const s = await vectorStore();
  // distances 0, 0.006, 0.29, 1 -> diff to the diagonal 0, -0.33, -0.37, 0: the only extremum
  // is the last point, so autocut 1 keeps three.
  const out = await s.retrieve(plan({ kind: "nearVector", vector: [1, 0] }, { autocut: 1 }), {
    signal,
  });
  assert.deepEqual(ids(out), [1, 2, 3]);
  const none = await s.retrieve(plan({ kind: "nearVector", vector: [1, 0] }, { autocut: 2 }), {
    signal,
  });
  assert.deepEqual(ids(none), [1, 2, 3, 4]);
});

Deno.test("embedded: nearVector dimension mismatch is a clear error", async () => {
  const s = await vectorStore();
  await assert.rejects(
    () => s.retrieve(plan({ kind: "nearVector", vector: [1, 0, 0] }), { signal }),
    /vector lengths don't match: the query vector has 3 dimensions, the collection "Doc" has 2/,
  );
});

Deno.test("embedded: nearObject searches from the object's vector, itself first", async () => {
  const s = await vectorStore();
  const out = await s.retrieve(plan({ kind: "nearObject", id: uuid(4) }), { signal });
  assert.deepEqual(ids(out), [4, 3, 2, 1]);
  assert.equal(out[0].distance, 0);
  await assert.rejects(
    () => s.retrieve(plan({ kind: "nearObject", id: uuid(9) }), { signal }),
    /nearObject params: vector not found$/,
  );
  await assert.rejects(
    () => s.retrieve(plan({ kind: "nearObject", id: uuid(5) }), { signal }),
    /nearObject search-object with id .* has no vector/,
  );
});

Deno.test("embedded: nearText without a vectorizer is an error", async () => {
  const s = await vectorStore();
  await assert.rejects(
    () => s.retrieve(plan({ kind: "nearText", concepts: ["x"] }), { signal }),
    /could not vectorize input for collection Doc with search-type nearText/,
  );
});

Deno.test("embedded nearText: hash vectorizer, moveTo and moveAwayFrom", async () => {
  const s = await textStore();
  const base = await s.retrieve(plan({ kind: "nearText", concepts: ["paper planes"] }), { signal });
  // Objects 1 and 4 are the only ones sharing both words with the query.
  assert.deepEqual(new Set(ids(base).slice(0, 2)), new Set([1, 4]));
  const moved = await s.retrieve(
    plan({
      kind: "nearText",
      concepts: ["paper planes"],
      moveTo: { concepts: [], objects: [{ id: uuid(3) }], force: 1 },
    }),
    { signal },
  );
  const d = (cs: Candidate[], n: number) => cs.find((c) => ids([c])[0] === n)!.distance!;
  assert.ok(d(moved, 3) < d(base, 3));
  const away = await s.retrieve(
    plan({
      kind: "nearText",
      concepts: ["paper planes"],
      moveAwayFrom: { concepts: ["paper"], objects: [], force: 1 },
    }),
    { signal },
  );
  assert.ok(d(away, 3) > d(base, 3));
  await assert.rejects(
    () =>
      s.retrieve(
        plan({
          kind: "nearText",
          concepts: ["x"],
          moveTo: { concepts: ["y"], objects: [], force: 2 },
        }),
        { signal },
      ),
    /force must be between 0 and 1/,
  );
});

// --- loading and data errors -----------------------------------------------------------------

Deno.test("embedded load: JSON and JSONL files, coercion, unknown fields ignored, generated ids", async () => {
  const c = collection(
    [
      prop("title", "text"),
      prop("tags", "text[]"),
      prop("when", "date"),
      prop("geo", "geoCoordinates"),
      prop("ok", "boolean"),
    ],
    { files: ["a.json", "b.jsonl"] },
  );
  const files = {
    "a.json": JSON.stringify([{
      title: "x",
      extra: 1,
      geo: { latitude: 1, longitude: 2, altitude: 3 },
    }]),
    "b.jsonl": '{"title":"y","tags":["p","q"],"when":"2024-01-01T00:00:00Z","ok":true}\n\n',
  };
  const s1 = await store(files, c);
  const s2 = await store(files, c);
  const out = await s1.retrieve(
    plan({ kind: "list" }, { properties: ["title", "tags", "when", "geo", "ok", "extra"] }),
    { signal },
  );
  assert.equal(out.length, 2);
  assert.ok(out.every((o) => isUuid(o.id)));
  assert.deepEqual(
    (await s2.retrieve(plan({ kind: "list" }), { signal })).map((o) => o.id),
    out.map((o) => o.id),
  );
  const x = out.find((o) => o.properties.title === "x")!;
  assert.deepEqual(x.properties, { title: "x", geo: { latitude: 1, longitude: 2 } });
  const y = out.find((o) => o.properties.title === "y")!;
  assert.deepEqual(y.properties, {
    title: "y",
    tags: ["p", "q"],
    when: "2024-01-01T00:00:00Z",
    ok: true,
  });
  assert.match(x.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

Deno.test("embedded load: custom id and vector fields, get(id) is case-insensitive", async () => {
  const c = collection([prop("title", "text")], { idField: "uuid", vectorField: "emb" });
  const s = await store({
    "docs.json": JSON.stringify([{ uuid: uuid(7).toUpperCase(), title: "t", emb: [1, 2] }]),
  }, c);
  assert.equal(s.get(uuid(7))?.properties.title, "t");
  assert.equal(s.dimensions, 2);
});

Deno.test("embedded load: data errors name the file and the line or record", async () => {
  const props = [prop("title", "text"), prop("n", "int"), prop("tags", "text[]")];
  const cases: [Record<string, string>, string[], RegExp][] = [
    [{ "d.jsonl": '{"title":"a"}\n{"title": oops}\n' }, ["d.jsonl"], /^d\.jsonl:2: invalid JSON/],
    [{ "d.json": "{not json" }, ["d.json"], /^d\.json: invalid JSON/],
    [{ "d.json": '{"title":"a"}' }, ["d.json"], /^d\.json: expected a JSON array of objects/],
    [{ "d.json": '[{"title":"a"}, 3]' }, ["d.json"], /^d\.json\[1\]: expected a JSON object/],
    [{ "d.json": '[{"n":"three"}]' }, ["d.json"], /^d\.json\[0\]: property "n": expected int/],
    [{ "d.json": '[{"n":1.5}]' }, ["d.json"], /^d\.json\[0\]: property "n": expected int/],
    [
      { "d.json": '[{"tags":["a",2]}]' },
      ["d.json"],
      /^d\.json\[0\]: property "tags": element 1: expected text/,
    ],
    [
      { "d.json": '[{"id":"nope"}]' },
      ["d.json"],
      /^d\.json\[0\]: field "id" must be a UUID, got "nope"/,
    ],
    [
      { "d.json": JSON.stringify([{ id: uuid(1) }, { id: uuid(1) }]) },
      ["d.json"],
      /^d\.json\[1\]: duplicate id .* \(first used by d\.json\[0\]\)/,
    ],
    [
      { "d.json": '[{"vector":[1,2]},{"vector":[1]}]' },
      ["d.json"],
      /^d\.json\[1\]: vector has 1 dimensions, expected 2/,
    ],
    [
      { "d.json": '[{"vector":"x"}]' },
      ["d.json"],
      /^d\.json\[0\]: field "vector" must be a non-empty array of numbers/,
    ],
    [{}, ["missing.json"], /no missing\.json/],
  ];
  for (const [files, names, re] of cases) {
    const err = await store(files, collection(props, { files: names })).then(
      () => undefined,
      (e) => e,
    );
    assert.ok(err instanceof Error, `${re}: did not throw`);
    assert.match(err.message, re);
  }
});

Deno.test("embedded: honours an aborted signal", async () => {
  const s = await vectorStore();
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(() => s.retrieve(plan({ kind: "list" }), { signal: ac.signal }));
  await assert.rejects(() =>
    createEmbeddedStore({
      collection: collection(vectorProps),
      readText: () => Promise.resolve("[]"),
      signal: ac.signal,
    })
  );
});

Deno.test("embedded: a plan for another class is refused", async () => {
  const s = await vectorStore();
  await assert.rejects(
    () => s.retrieve({ ...plan({ kind: "list" }), collection: "Other" }, { signal }),
    /cannot serve class Other/,
  );
});
