import { parseConfig } from "../../src/pipeline/catalog.ts";
import assert from "node:assert/strict";
import { ConfigError } from "../../src/config/schema.ts";
import { STORE_KINDS } from "../../src/stores/registry.ts";

/** A minimal valid raw config; each test changes what it needs (hence untyped). */
// deno-lint-ignore no-explicit-any
function raw(): Record<string, any> {
  return {
    collections: [{
      class: "Article",
      properties: [
        { name: "title", dataType: ["text"] },
        { name: "views", dataType: ["int"] },
      ],
      store: { kind: "embedded", files: ["articles.json"] },
    }],
  };
}

function problems(input: unknown): string[] {
  const r = parseConfig(input);
  assert.equal(r.ok, false, "expected the config to be rejected");
  return r.ok ? [] : r.problems;
}

function assertProblem(input: unknown, expected: string): void {
  const got = problems(input);
  assert.ok(got.includes(expected), `missing problem:\n  ${expected}\ngot:\n  ${got.join("\n  ")}`);
}

Deno.test("config: defaults are applied", () => {
  const r = parseConfig(raw());
  assert.ok(r.ok);
  const c = r.config.collections[0];
  assert.deepEqual(c.properties[0], {
    name: "title",
    dataType: ["text"],
    tokenization: "word",
    indexFilterable: true,
    indexSearchable: true,
  });
  assert.equal(c.vectorizer, "none");
  assert.deepEqual(c.moduleConfig, {});
  assert.deepEqual(c.vectorIndexConfig, { distance: "cosine" });
  assert.deepEqual(c.store, {
    kind: "embedded",
    files: ["articles.json"],
    idField: "id",
    vectorField: "vector",
  });
  assert.deepEqual(r.config.authentication, { anonymousAccessEnabled: true });
  assert.deepEqual(r.config.limits, {
    queryDefaultsLimit: 10,
    queryDefaultsLimitGraphQL: 100,
    queryMaximumResults: 10000,
    queryHybridMaximumResults: 100,
    modulesClientTimeoutMs: 50000,
    maxRequestBytes: 10 * 1024 * 1024,
    maxQueryDepth: 128,
    maxClassFields: 1000,
    maxExpandedFields: 20000,
    maxBatchItems: 1000,
    maxResponseBytes: 256 * 1024 * 1024,
    documentCacheBytes: 64 * 1024 * 1024,
    maxRequestResults: 100_000,
    requestTimeoutMs: 60_000,
    maxConcurrentRequests: 64,
    maxQueuedRequests: 256,
  });
});

Deno.test("config: non-text properties default to not searchable (Weaviate parity)", () => {
  const r = parseConfig(raw());
  assert.ok(r.ok);
  assert.equal(r.config.collections[0].properties[1].indexSearchable, false);
  assert.equal(r.config.collections[0].properties[1].indexFilterable, true);
});

Deno.test("config: explicit values are kept", () => {
  const input = raw();
  Object.assign(input.collections[0], {
    description: "News",
    vectorizer: "text2vec-hash",
    moduleConfig: { "text2vec-hash": { dimensions: 256 }, "reranker-dummy": {} },
    vectorIndexConfig: { distance: "dot" },
  });
  input.collections[0].properties[0] = {
    name: "title",
    dataType: ["text"],
    tokenization: "field",
    indexFilterable: false,
    indexSearchable: false,
    description: "Headline",
  };
  input.authentication = { anonymousAccessEnabled: false, apiKeysEnv: "GATEWAY_API_KEYS" };
  input.limits = { queryDefaultsLimit: 5, maxRequestBytes: 1024 };
  const r = parseConfig(input);
  assert.ok(r.ok, r.ok ? "" : r.problems.join("\n"));
  const c = r.config.collections[0];
  assert.equal(c.description, "News");
  assert.equal(c.vectorizer, "text2vec-hash");
  assert.deepEqual(c.moduleConfig["text2vec-hash"], { dimensions: 256 });
  assert.equal(c.vectorIndexConfig.distance, "dot");
  assert.equal(c.properties[0].tokenization, "field");
  assert.equal(c.properties[0].indexSearchable, false);
  assert.equal(c.properties[0].description, "Headline");
  assert.deepEqual(r.config.authentication, {
    anonymousAccessEnabled: false,
    apiKeysEnv: "GATEWAY_API_KEYS",
  });
  assert.equal(r.config.limits.queryDefaultsLimit, 5);
  assert.equal(r.config.limits.maxRequestBytes, 1024);
  assert.equal(r.config.limits.queryMaximumResults, 10000);
});

Deno.test("config: a bare data type string is accepted as shorthand", () => {
  const input = raw();
  input.collections[0].properties[0].dataType = "text";
  const r = parseConfig(input);
  assert.ok(r.ok);
  assert.deepEqual(r.config.collections[0].properties[0].dataType, ["text"]);
});

Deno.test("config: unknown data type names the path and the expected types", () => {
  const input = raw();
  input.collections[0].properties.push({ name: "body", dataType: ["txt"] });
  assertProblem(
    input,
    'collections[0].properties[2].dataType: unknown data type "txt" (expected one of text, ' +
      "text[], string, string[], int, int[], number, number[], boolean, boolean[], date, date[], " +
      'uuid, uuid[], geoCoordinates, phoneNumber, blob) (did you mean "text"?)',
  );
});

Deno.test("config: cross-reference and multi-type dataType are refused", () => {
  const input = raw();
  input.collections[0].properties.push({ name: "author", dataType: ["Person"] });
  input.collections[0].properties.push({ name: "both", dataType: ["text", "int"] });
  input.collections[0].properties.push({ name: "none", dataType: 5 });
  const got = problems(input);
  assert.ok(
    got.some((p) =>
      p.startsWith('collections[0].properties[2].dataType: unknown data type "Person"') &&
      p.endsWith("(cross-references to other classes are not supported)")
    ),
  );
  assert.ok(got.includes(
    "collections[0].properties[3].dataType: expected exactly one data type, got 2 " +
      "(cross-references are not supported)",
  ));
  assert.ok(
    got.includes('collections[0].properties[4].dataType: expected a data type like ["text"]'),
  );
});

Deno.test("config: class names follow Weaviate's rule", () => {
  const input = raw();
  input.collections[0].class = "article";
  assertProblem(
    input,
    'collections[0].class: invalid class name "article": must match /^[A-Z][_0-9A-Za-z]*$/ ' +
      '(did you mean "Article"?)',
  );
  input.collections[0].class = "My-Class";
  assertProblem(
    input,
    'collections[0].class: invalid class name "My-Class": must match /^[A-Z][_0-9A-Za-z]*$/',
  );
});

Deno.test("config: property names follow Weaviate's rule", () => {
  const input = raw();
  input.collections[0].properties[0].name = "2nd";
  assertProblem(
    input,
    'collections[0].properties[0].name: invalid property name "2nd": must match ' +
      "/^[_A-Za-z][_0-9A-Za-z]*$/",
  );
});

Deno.test("config: property names are unique per class and not reserved", () => {
  const input = raw();
  input.collections[0].properties.push({ name: "title", dataType: ["text"] });
  input.collections[0].properties.push({ name: "id", dataType: ["text"] });
  input.collections[0].properties.push({ name: "_additional", dataType: ["text"] });
  input.collections[0].properties.push({ name: "__typename", dataType: ["text"] });
  const got = problems(input);
  assert.ok(got.includes(
    'collections[0].properties[2].name: duplicate property name "title" (also properties[0])',
  ));
  assert.ok(got.includes(
    'collections[0].properties[3].name: "id" is a reserved property name in Weaviate',
  ));
  assert.ok(got.includes(
    'collections[0].properties[4].name: "_additional" is a reserved property name in Weaviate',
  ));
  assert.ok(got.includes(
    'collections[0].properties[5].name: "__typename": names starting with "__" are reserved by GraphQL',
  ));
});

Deno.test("config: the same property name in two classes is fine", () => {
  const input = raw();
  input.collections.push({ ...structuredClone(input.collections[0]), class: "Other" });
  assert.ok(parseConfig(input).ok);
});

Deno.test("config: class names are unique", () => {
  const input = raw();
  input.collections.push(structuredClone(input.collections[0]));
  assertProblem(
    input,
    'collections[1].class: duplicate class name "Article" (also collections[0])',
  );
});

Deno.test("config: tokenization and indexSearchable only on text properties", () => {
  const input = raw();
  Object.assign(input.collections[0].properties[1], {
    tokenization: "word",
    indexSearchable: true,
  });
  const got = problems(input);
  assert.ok(got.includes(
    'collections[0].properties[1].tokenization: tokenization is only allowed on text properties, not on "int"',
  ));
  assert.ok(got.includes(
    'collections[0].properties[1].indexSearchable: indexSearchable is only allowed on text properties, not on "int"',
  ));
});

Deno.test("config: unknown tokenization and distance list the allowed values", () => {
  const input = raw();
  input.collections[0].properties[0].tokenization = "trigram";
  input.collections[0].vectorIndexConfig = { distance: "euclid" };
  const got = problems(input);
  assert.ok(got.includes(
    'collections[0].properties[0].tokenization: invalid value "trigram" (expected one of word, ' +
      "lowercase, whitespace, field)",
  ));
  assert.ok(got.includes(
    'collections[0].vectorIndexConfig.distance: invalid value "euclid" (expected one of cosine, ' +
      "dot, l2-squared, manhattan, hamming)",
  ));
});

Deno.test("config: unknown keys are errors, with a suggestion for typos", () => {
  const input = raw();
  input.collections[0].vectoriser = "none";
  input.collections[0].properties[0].tokenisation = "word";
  input.collections[0].store.file = "x.json";
  input.authentication = { anonymous: true };
  input.limits = { queryDefaultLimit: 5 };
  input.extra = 1;
  const got = problems(input);
  for (
    const expected of [
      'collections[0].vectoriser: unknown key (did you mean "vectorizer"?)',
      'collections[0].properties[0].tokenisation: unknown key (did you mean "tokenization"?)',
      'collections[0].store.file: unknown key (did you mean "files"?)',
      "authentication.anonymous: unknown key",
      'limits.queryDefaultLimit: unknown key (did you mean "queryDefaultsLimit"?)',
      "extra: unknown key",
    ]
  ) assert.ok(got.includes(expected), `missing ${expected}; got ${got.join(" | ")}`);
});

Deno.test("config: vectorizer must be none or a known module", () => {
  const input = raw();
  input.collections[0].vectorizer = "text2vec-hsh";
  assertProblem(
    input,
    'collections[0].vectorizer: unknown vectorizer "text2vec-hsh" (expected one of none, ' +
      "text2vec-cohere, text2vec-hash, text2vec-transformers, text2vec-workers-ai) (did you mean " +
      '"text2vec-hash"?)',
  );
  input.collections[0].vectorizer = "reranker-dummy";
  assertProblem(
    input,
    'collections[0].vectorizer: "reranker-dummy" is a reranker, not a vectorizer (put it in ' +
      "moduleConfig; vectorizer expects one of none, text2vec-cohere, text2vec-hash, " +
      "text2vec-transformers, text2vec-workers-ai)",
  );
});

Deno.test("config: reranker modules: known, at most one per class", () => {
  const input = raw();
  input.collections[0].moduleConfig = { "reranker-cohere": {}, "reranker-transformers": {} };
  const got = problems(input);
  assert.ok(got.includes(
    "collections[0].moduleConfig: at most one reranker-* module per class, got reranker-cohere, " +
      "reranker-transformers",
  ));
  input.collections[0].moduleConfig = { "reranker-dumy": {} };
  assertProblem(
    input,
    'collections[0].moduleConfig.reranker-dumy: unknown module "reranker-dumy" (expected one of ' +
      "reranker-cohere, reranker-dummy, reranker-jinaai, reranker-mixedbread, reranker-tei, " +
      "reranker-transformers, reranker-voyageai, reranker-workers-ai, text2vec-cohere, " +
      "text2vec-hash, text2vec-transformers, text2vec-workers-ai) " +
      '(did you mean "reranker-dummy"?)',
  );
});

Deno.test("config: reranker-transformers needs a model or a url; batchSize is a positive integer", () => {
  const input = raw();
  input.collections[0].moduleConfig = { "reranker-transformers": { batchSize: 0 } };
  const got = problems(input);
  assert.ok(
    got.some((p) =>
      p.startsWith("collections[0].moduleConfig.reranker-transformers.model: is required")
    ),
  );
  assert.ok(got.includes(
    "collections[0].moduleConfig.reranker-transformers.batchSize: must be a positive integer, got 0",
  ));
  input.collections[0].moduleConfig = {
    "reranker-transformers": { url: "http://reranker:8080", batchSize: 16 },
  };
  assert.ok(parseConfig(input).ok);
  input.collections[0].moduleConfig = { "reranker-jinaai": { apiKeyEnv: "JINA_KEY" } };
  assert.ok(parseConfig(input).ok);
});

Deno.test("config: reranker-cohere options: model, baseURL, apiKeyEnv, timeoutMs", () => {
  const input = raw();
  input.collections[0].moduleConfig = {
    "reranker-cohere": {
      model: "rerank-v4.0-pro",
      baseURL: "https://cohere.internal.example",
      apiKeyEnv: "MY_COHERE_KEY",
      timeoutMs: 2000,
    },
  };
  assert.ok(parseConfig(input).ok);
  input.collections[0].moduleConfig = {
    "reranker-cohere": { modle: "x", baseURL: "ftp://x", apiKeyEnv: "my-key", timeoutMs: 0 },
  };
  const got = problems(input);
  const at = "collections[0].moduleConfig.reranker-cohere";
  assert.deepEqual(
    got.sort(),
    [
      `${at}.modle: unknown option (expected one of model, baseURL, apiKeyEnv, timeoutMs) ` +
      '(did you mean "model"?)',
      `${at}.baseURL: must be an http(s) URL, got "ftp://x"`,
      `${at}.apiKeyEnv: must be an env variable name (/^[A-Za-z_][A-Za-z0-9_]*$/), got "my-key"`,
      `${at}.timeoutMs: must be a positive integer, got 0`,
    ].sort(),
  );
});

Deno.test("config: modules.allowPrivateBaseUrls defaults to false and must be a boolean", () => {
  const ok = parseConfig(raw());
  assert.ok(ok.ok);
  // Issue 11 items 1 and 6 added the allow list and the answer cap to `modules`.
  assert.deepEqual(ok.config.modules, {
    allowPrivateBaseUrls: false,
    baseUrlAllowList: [],
    maxResponseBytes: 32 * 1024 * 1024,
  });
  const input = raw();
  input.modules = { allowPrivateBaseUrls: "yes" };
  assertProblem(input, 'modules.allowPrivateBaseUrls: expected boolean, got string "yes"');
  input.modules = { allowPrivateBaseUrls: true };
  const on = parseConfig(input);
  assert.ok(on.ok && on.config.modules?.allowPrivateBaseUrls === true);
});

Deno.test("config: modules.baseUrlAllowList takes host names, maxResponseBytes a positive int", () => {
  const input = raw();
  input.modules = { baseUrlAllowList: ["api.cohere.eu", "[2001:db8::1]"], maxResponseBytes: 1024 };
  const ok = parseConfig(input);
  assert.ok(ok.ok);
  assert.deepEqual(ok.config.modules?.baseUrlAllowList, ["api.cohere.eu", "[2001:db8::1]"]);
  assert.equal(ok.config.modules?.maxResponseBytes, 1024);
  input.modules = { baseUrlAllowList: ["https://api.cohere.eu"] };
  assertProblem(
    input,
    'modules.baseUrlAllowList[0]: "https://api.cohere.eu" is not a host name (no scheme, port or ' +
      'path: "api.example.com")',
  );
  input.modules = { maxResponseBytes: 0 };
  assert.equal(parseConfig(input).ok, false);
});

Deno.test("config: reranker-dummy takes no options", () => {
  const input = raw();
  input.collections[0].moduleConfig = { "reranker-dummy": { model: "x" } };
  assertProblem(
    input,
    "collections[0].moduleConfig.reranker-dummy.model: unknown option (this module takes none)",
  );
});

Deno.test("config: text2vec-hash dimensions is an int in 8..4096", () => {
  for (const bad of [4, 5000, 12.5, "64"]) {
    const input = raw();
    input.collections[0].vectorizer = "text2vec-hash";
    input.collections[0].moduleConfig = { "text2vec-hash": { dimensions: bad } };
    assertProblem(
      input,
      "collections[0].moduleConfig.text2vec-hash.dimensions: must be an integer between 8 and " +
        `4096, got ${JSON.stringify(bad)}`,
    );
  }
  for (const good of [8, 4096]) {
    const input = raw();
    input.collections[0].vectorizer = "text2vec-hash";
    input.collections[0].moduleConfig = { "text2vec-hash": { dimensions: good } };
    assert.ok(parseConfig(input).ok);
  }
});

Deno.test("config: text2vec-cohere takes model, baseURL, apiKeyEnv, timeoutMs, dimensions", () => {
  const input = raw();
  input.collections[0].vectorizer = "text2vec-cohere";
  input.collections[0].moduleConfig = {
    "text2vec-cohere": {
      model: "embed-v4.0",
      baseURL: "https://api.cohere.com",
      apiKeyEnv: "MY_COHERE_KEY",
      timeoutMs: 10000,
      dimensions: 1024,
    },
  };
  assert.ok(parseConfig(input).ok);
  input.collections[0].moduleConfig = { "text2vec-cohere": { timeoutMs: 0, modle: "x" } };
  const got = problems(input);
  assert.ok(got.includes(
    "collections[0].moduleConfig.text2vec-cohere.timeoutMs: must be a positive integer, got 0",
  ));
  assert.ok(got.some((p) => p.startsWith("collections[0].moduleConfig.text2vec-cohere.modle: ")));
  input.collections[0].moduleConfig = { "text2vec-cohere": { apiKey: "sk-123" } };
  assert.ok(
    problems(input).some((p) =>
      p.startsWith("collections[0].moduleConfig.text2vec-cohere.apiKey: secrets must come from env")
    ),
  );
});

Deno.test("config: a vectorizer moduleConfig key must match the class's vectorizer", () => {
  const input = raw();
  input.collections[0].moduleConfig = { "text2vec-hash": {} };
  assertProblem(
    input,
    'collections[0].moduleConfig.text2vec-hash: configures vectorizer "text2vec-hash" but the ' +
      'class\'s vectorizer is "none"',
  );
});

Deno.test("config: moduleConfig entries must be objects", () => {
  const input = raw();
  input.collections[0].moduleConfig = { "reranker-dummy": true };
  assertProblem(input, "collections[0].moduleConfig.reranker-dummy: expected record, got boolean");
});

Deno.test("config: secrets in moduleConfig are refused at any depth, with how to fix it", () => {
  const input = raw();
  input.collections[0].moduleConfig = {
    "reranker-cohere": { apiKey: "sk-123" },
    "reranker-dummy": { nested: [{ key: "abc" }], APIKEYS: ["a"] },
  };
  const got = problems(input);
  assert.ok(got.includes(
    "collections[0].moduleConfig.reranker-cohere.apiKey: secrets must come from env or request " +
      'headers: put the key in an env variable and name that variable with "apiKeyEnv", or send ' +
      "it per request in the X-Cohere-Api-Key header",
  ));
  assert.ok(
    got.some((p) =>
      p.startsWith("collections[0].moduleConfig.reranker-dummy.nested[0].key: secrets must come")
    ),
  );
  assert.ok(
    got.some((p) =>
      p.startsWith("collections[0].moduleConfig.reranker-dummy.APIKEYS: secrets must come")
    ),
  );
  // The secret is reported once, not also as an unknown option.
  assert.ok(!got.some((p) => p.includes("APIKEYS: unknown option")));
  // No problem message ever echoes the secret value.
  assert.ok(!got.some((p) => p.includes("sk-123")));
});

Deno.test("config: API keys in the authentication section are refused", () => {
  const input = raw();
  input.authentication = { apiKeys: ["secret-key"], apiKeysEnv: "KEYS" };
  const got = problems(input);
  assert.deepEqual(got, [
    "authentication.apiKeys: secrets must come from env or request headers: put the " +
    'comma-separated keys in an env variable and set "apiKeysEnv" to its name',
  ]);
});

Deno.test("config: apiKeysEnv must be an env variable name", () => {
  const input = raw();
  input.authentication = { apiKeysEnv: "my keys" };
  assertProblem(
    input,
    'authentication.apiKeysEnv: "my keys" is not an env variable name (expected ' +
      "/^[A-Za-z_][A-Za-z0-9_]*$/)",
  );
});

Deno.test("config: anonymous access off without API keys would lock everyone out", () => {
  const input = raw();
  input.authentication = { anonymousAccessEnabled: false };
  assertProblem(
    input,
    "authentication: anonymousAccessEnabled is false and apiKeysEnv is not set, so every " +
      "request would be refused",
  );
});

Deno.test("config: an unknown store kind lists the kinds of this build", () => {
  const input = raw();
  input.collections[0].store = { kind: "embeded", files: ["a.json"] };
  assertProblem(
    input,
    `collections[0].store.kind: unknown store kind "embeded" (expected one of ${
      STORE_KINDS.map((k) => JSON.stringify(k)).join(", ")
    })`,
  );
});

Deno.test("config: store.files must be non-empty", () => {
  const input = raw();
  input.collections[0].store.files = [];
  assertProblem(input, "collections[0].store.files: must have at least 1 item(s)");
  input.collections[0].store.files = [""];
  assertProblem(input, "collections[0].store.files[0]: must not be empty");
  delete input.collections[0].store.files;
  assertProblem(input, "collections[0].store.files: is required");
});

Deno.test("config: limits must be positive integers", () => {
  const input = raw();
  input.limits = { queryDefaultsLimit: 0, queryMaximumResults: 2.5, maxRequestBytes: "1mb" };
  const got = problems(input);
  assert.ok(got.includes("limits.queryDefaultsLimit: must be >= 1, got 0"));
  assert.ok(got.includes("limits.queryMaximumResults: expected an integer, got 2.5"));
  assert.ok(got.includes('limits.maxRequestBytes: expected an integer, got string "1mb"'));
});

Deno.test("config: required keys and wrong root types", () => {
  assert.deepEqual(problems({}), ["collections: is required"]);
  assert.deepEqual(problems({ collections: [] }), ["collections: must have at least 1 item(s)"]);
  assert.deepEqual(problems([]), ["(root): expected object, got an array"]);
  assert.deepEqual(problems(null), ["(root): expected object, got null"]);
  const input = raw();
  delete input.collections[0].class;
  delete input.collections[0].properties;
  const got = problems(input);
  assert.ok(got.includes("collections[0].class: is required"));
  assert.ok(got.includes("collections[0].properties: is required"));
});

Deno.test("config: every problem is reported at once, ordered by path", () => {
  const input = raw();
  input.collections[0].class = "bad name";
  input.collections[0].properties[0].dataType = ["txt"];
  input.collections[0].vectorizer = "nope";
  input.collections.push({
    class: "Second",
    properties: [],
    store: { kind: "embedded", files: [] },
  });
  input.limits = { queryDefaultsLimit: -1 };
  const got = problems(input);
  assert.equal(got.length, 5, got.join("\n"));
  assert.ok(got[0].startsWith("collections[0].class:"));
  assert.ok(got[1].startsWith("collections[0].properties[0].dataType:"));
  assert.ok(got[2].startsWith("collections[0].vectorizer:"));
  assert.ok(got[3].startsWith("collections[1].store.files:"));
  assert.ok(got[4].startsWith("limits.queryDefaultsLimit:"));
});

Deno.test("config: collections are sorted numerically, not as strings", () => {
  const input = raw();
  for (let i = 0; i < 11; i++) {
    input.collections.push({
      class: `C${i}`,
      properties: [],
      store: { kind: "embedded", files: [] },
    });
  }
  const got = problems(input);
  assert.ok(got[0].startsWith("collections[1]."));
  assert.ok(got[1].startsWith("collections[2]."));
  assert.ok(got.at(-1)!.startsWith("collections[11]."));
});

Deno.test("config: ConfigError lists every problem in its message", () => {
  const err = new ConfigError(["a: one", "b: two"], { source: "/etc/gateway.json" });
  assert.equal(
    err.message,
    "invalid gateway config in /etc/gateway.json (2 problems):\n  - a: one\n  - b: two",
  );
  assert.deepEqual(err.problems, ["a: one", "b: two"]);
  assert.equal(err.name, "ConfigError");
  assert.equal(new ConfigError(["x: y"]).message, "invalid gateway config (1 problem):\n  - x: y");
});
