/** Config of the upstream stores (weaviate, qdrant): shapes, defaults, problems with key paths. */
import { parseConfig } from "../../src/pipeline/catalog.ts";
import assert from "node:assert/strict";

function config(store: unknown, properties: unknown = [{ name: "t", dataType: ["text"] }]) {
  return {
    collections: [{ class: "Doc", ...(properties === null ? {} : { properties }), store }],
  };
}

function problems(raw: unknown): string[] {
  const r = parseConfig(raw);
  return r.ok ? [] : r.problems;
}

Deno.test("config: a weaviate store with defaults; properties may come from upstream", () => {
  const r = parseConfig(config({ kind: "weaviate", url: "https://w.example/" }, "upstream"));
  assert.ok(r.ok);
  const c = r.config.collections[0];
  assert.deepEqual(c.store, { kind: "weaviate", url: "https://w.example", passHeaders: [] });
  assert.equal(c.propertiesFrom, "upstream");
  assert.deepEqual(c.properties, []);
  const omitted = parseConfig(config({ kind: "weaviate", url: "http://w:8080" }, null));
  assert.ok(omitted.ok && omitted.config.collections[0].propertiesFrom === "upstream");
});

Deno.test("config: a qdrant store needs url and collection; upstream properties are refused", () => {
  assert.deepEqual(problems(config({ kind: "qdrant", url: "http://q:6333" })), [
    "collections[0].store.collection: is required",
  ]);
  assert.deepEqual(
    problems(config({ kind: "qdrant", url: "http://q:6333", collection: "c" }, "upstream")),
    [
      'collections[0].properties: "upstream" needs a store that has a schema (store.kind ' +
      '"weaviate"); declare the properties instead',
    ],
  );
});

Deno.test("config: store problems name their key; no credentials in URLs or keys", () => {
  const got = problems(config({
    kind: "weaviate",
    url: "https://user:pw@w.example",
    apiKey: "literal",
    passHeaders: ["Authorization"],
    timeoutMs: 0,
  }));
  assert.deepEqual(got, [
    "collections[0].store.apiKey: secrets must come from env: put the key in an env variable " +
    'and name that variable with "apiKeyEnv"',
    'collections[0].store.passHeaders[0]: "Authorization" is not a module header (expected ' +
    "X-..., e.g. X-Openai-Api-Key)",
    "collections[0].store.timeoutMs: must be >= 1, got 0",
    'collections[0].store.url: must not contain credentials: name an env variable with "apiKeyEnv"',
  ]);
  assert.ok(!got.join().includes("pw@"));
  assert.deepEqual(
    problems(config({ kind: "qdrant", url: "q:6333", collection: "c", vectorname: "v" })),
    [
      "collections[0].store.url: expected an http(s) URL",
      'collections[0].store.vectorname: unknown key (did you mean "vectorName"?)',
    ],
  );
});
