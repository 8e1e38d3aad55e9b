/**
 * The compiled query path answers byte for byte as graphql-js `execute` + the Weaviate encoder:
 * every request of a broad corpus (compiled_corpus.ts: the graphql tests' documents, spec E1-E10,
 * a matrix of searches, selections, aliases, fragments, directives, variables, vector literals and
 * errors; a fixed-seed sample of the fuzzer's documents) goes through two executors over the same
 * services, one with `{ compiled: false }`, singly and in batches, and the bodies must be equal.
 * Stores and rerankers that fail, time out or return values the schema's types reject exercise
 * the error paths (field errors, class errors in settle order, warnings, logged faults).
 */
import assert from "node:assert/strict";
import fc from "npm:fast-check@4.11.0";
import { fuzzRecords } from "../../bench/fuzz/fixture.ts";
import type { Hono } from "hono";
import type { CollectionConfig } from "../../src/config/types.ts";
import type { Candidate } from "../../src/core/candidate.ts";
import type { Reranker } from "../../src/core/reranker.ts";
import { compileQuery } from "../../src/graphql/compiled_query.ts";
import { createGraphQLExecutor, type GraphQLExecutor } from "../../src/graphql/executor.ts";
import { createDocumentPreparer } from "../../src/graphql/prepare.ts";
import { graphqlRoutes } from "../../src/graphql/routes.ts";
import { toWeaviateJson } from "../../src/graphql/weaviate_json.ts";
import { buildServices } from "../../src/pipeline/build_services.ts";
import type { Collection, Services } from "../../src/pipeline/services.ts";
import { docArb } from "../../bench/fuzz/graphql_doc.ts";
import { fuzzConfig } from "../../bench/fuzz/fixture.ts";
import { ARTICLE as FUZZ_ARTICLE, REVIEW as FUZZ_REVIEW } from "../../bench/fuzz/schema_model.ts";
import { testRuntime } from "../../tools/testing/runtime.ts";
import { spyReranker, type TestCollection, testGateway } from "../helpers/harness.ts";
import {
  collectedFilters,
  collectedQueries,
  corpusCollections,
  type CorpusItem,
  matrix,
  SPEC_EXAMPLES,
} from "./compiled_corpus.ts";

/** Both paths over the same services. */
interface Pair {
  readonly compiled: Hono;
  readonly reference: Hono;
  readonly executors: { readonly compiled: GraphQLExecutor; readonly reference: GraphQLExecutor };
  readonly services: Services;
}

function pair(services: Services): Pair {
  const executors = {
    compiled: createGraphQLExecutor(services),
    reference: createGraphQLExecutor(services, { compiled: false }),
  };
  const routes = (executor: GraphQLExecutor) => {
    const app = graphqlRoutes({
      executor,
      maxRequestBytes: services.config.limits.maxRequestBytes,
      hasSchema: true,
      limits: services.config.limits,
    });
    // A fault (a non-finite float32 cannot be written) is compared by its message.
    app.onError((err) => new Response(`${err.name}: ${err.message}`, { status: 500 }));
    return app;
  };
  return {
    compiled: routes(executors.compiled),
    reference: routes(executors.reference),
    executors,
    services,
  };
}

async function post(app: Hono, path: string, body: string) {
  const res = await app.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
  });
  return `${res.status} ${await res.text()}`;
}

/** Sends `items` singly and as one batch to both paths; returns how many differ (and asserts). */
async function sameAnswers(p: Pair, items: readonly CorpusItem[]): Promise<void> {
  for (const item of items) {
    const body = JSON.stringify(item);
    const [a, b] = [
      await post(p.compiled, "/v1/graphql", body),
      await post(p.reference, "/v1/graphql", body),
    ];
    assert.equal(a, b, `different answers to ${body.slice(0, 400)}`);
  }
  for (let i = 0; i < items.length; i += 7) {
    const body = JSON.stringify(items.slice(i, i + 7));
    const [a, b] = [
      await post(p.compiled, "/v1/graphql/batch", body),
      await post(p.reference, "/v1/graphql/batch", body),
    ];
    assert.equal(a, b, `different batch answers to ${body.slice(0, 400)}`);
  }
}

/** How many of `items` the compiled path runs (the rest take graphql-js on both executors). */
function compiledShare(services: Services, items: readonly CorpusItem[]): number {
  const schema = createGraphQLExecutor(services).schema;
  const collections = new Map(services.config.collections.map((c) => [c.class, c]));
  const prepare = createDocumentPreparer(schema, {
    limits: services.config.limits,
    compile: (document, blanked) => compileQuery(document, { schema, collections, blanked }),
  });
  return items.filter((i) => {
    const c = prepare(i.query).compiled;
    return c && (i.operationName == null || i.operationName === c.operationName);
  }).length;
}

const ODD_ID = (n: number) => `f0000000-0000-0000-0000-00000000000${n}`;

/** Candidates whose values the schema's types reject or coerce (what an upstream might send). */
const ODD: readonly Candidate[] = [
  {
    id: ODD_ID(1),
    properties: {
      n: 1.5,
      tags: "notalist",
      loc: 5,
      phone: "123",
      flag: "yes",
      score: "3.5",
      title: { a: 1 },
    },
    distance: 0.25,
  },
  {
    id: ODD_ID(2),
    properties: { n: "7", tags: [1, true, null], loc: { latitude: "x" }, phone: [1], flag: 1 },
    distance: 0.5,
  },
  {
    id: ODD_ID(3),
    properties: {
      n: 2 ** 40,
      tags: ["a", { b: 1 }],
      phone: { input: 5, valid: "x", national: 1.5 },
      flag: true,
      score: "abc",
      title: true,
    },
    explainScore: "e",
  },
];

const ODD_CLASS: TestCollection = {
  class: "Odd",
  properties: {
    n: "int",
    tags: "text[]",
    loc: "geoCoordinates",
    phone: "phoneNumber",
    flag: "boolean",
    score: "number",
    title: "text",
  },
  moduleConfig: { "reranker-dummy": {} },
  records: [{ id: ODD_ID(0), title: "t", vector: [1, 0] }],
};

const BROKEN_CLASS: TestCollection = {
  class: "Broken",
  properties: { x: "text" },
  records: [{ id: ODD_ID(9), x: "x", vector: [1, 0] }],
};

const SLOW_CLASS: TestCollection = {
  class: "Slow",
  properties: { x: "text" },
  moduleConfig: { "reranker-dummy": {} },
  rerank: { arguments: true, inheritQuery: false, onTimeout: "retrievalOrder", timeoutMs: 5 },
  records: [0, 1, 2].map((i) => ({ id: ODD_ID(i + 4), x: "x".repeat(i + 1), vector: [1, i] })),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fails by the plan's limit: at once, later, with a non-Error, or answers late. */
function brokenRetrieve(limit: number): Promise<Candidate[]> {
  switch (limit) {
    case 1:
      return Promise.reject(new Error("store down"));
    case 2:
      return sleep(5).then(() => {
        throw new TypeError("cannot read x of undefined");
      });
    case 3:
      return Promise.reject("a string");
    case 4:
      return sleep(2).then(() => [{ id: ODD_ID(9), properties: { x: "late" } }]);
    default:
      return Promise.resolve([{ id: ODD_ID(9), properties: { x: "now" } }]);
  }
}

function slowReranker(): Reranker {
  return {
    name: "reranker-dummy",
    maxDocuments: 1000,
    rerank: (_q, documents) =>
      sleep(60).then(() => documents.map((_, index) => ({ index, score: 1 }))),
  };
}

/** The corpus classes plus the fault classes, with their stores swapped for fakes. */
async function corpusServices(limits = {}): Promise<Services> {
  const { services } = await testGateway(
    [...corpusCollections(), ODD_CLASS, BROKEN_CLASS, SLOW_CLASS],
    {
      limits,
      createReranker: (_m: string, c: CollectionConfig) =>
        c.class === "Slow" ? slowReranker() : spyReranker(),
    },
  );
  const collections = new Map(services.collections);
  const swap = (name: string, retrieve: Collection["retriever"]["retrieve"]) => {
    const c = collections.get(name)!;
    collections.set(name, {
      ...c,
      retriever: { capabilities: c.retriever.capabilities, retrieve },
    });
  };
  swap("Odd", (plan) =>
    Promise.resolve(
      ODD.slice(0, plan.limit).map((c, i) =>
        plan.additional.has("vector") ? { ...c, vector: i === 2 ? [1e39] : [0.1, i] } : c
      ),
    ));
  swap("Broken", (plan) => brokenRetrieve(plan.limit));
  return { ...services, collections };
}

function faultItems(): CorpusItem[] {
  const odd = "n tags flag score title phone{input valid national} loc{latitude longitude}";
  return [
    { query: `{Get{Odd{${odd} _additional{id distance explainScore}}}}` },
    { query: `{Get{Odd(limit:2){${odd} __typename}}}` },
    { query: "{Get{Odd{tags n} o:Odd(limit:1){title n tags}}}" },
    { query: "{Get{Odd{title _additional{id vector}}}}" },
    { query: "{Get{Odd(limit:2){title _additional{id vector}}}}" },
    { query: '{Get{Odd(limit:2){_additional{rerank(property:"title"){score}}}}}' },
    {
      query:
        "{Get{a:Broken(limit:2){x} b:Broken(limit:1){x} c:Broken(limit:4){x} d:Broken(limit:3){x} e:Broken(limit:5){x}}}",
    },
    { query: "{Get{Broken(limit:4){x} Odd(limit:1){n}}}" },
    // Failures and field errors settling in the same turn: their order is graphql-js's steps.
    {
      query: "{Get{b:Broken(limit:1){x} Odd{n tags} p:Point(limit:-1){name} c:Broken(limit:3){x}}}",
    },
    { query: "{Get{Odd{n tags} p:Point(limit:-1){name} b:Broken(limit:1){x} o:Odd{flag}}}" },
    {
      query:
        '{Get{Slow{x _additional{rerank(property:"x"){score}}} s:Slow(limit:1){x _additional{rerank(property:"x"){score}}} Broken(limit:1){x}}}',
    },
  ];
}

const corpus = (async (): Promise<CorpusItem[]> => {
  const here = new URL("./", import.meta.url);
  const collected = await collectedQueries(here);
  const filters = await collectedFilters(new URL("get_where_test.ts", here));
  return [
    ...collected.map((query) => ({ query })),
    ...filters.map((query) => ({ query })),
    ...SPEC_EXAMPLES.map((query) => ({ query })),
    ...matrix(),
    ...faultItems(),
  ];
})();

Deno.test("compiled path: the corpus answers byte for byte as graphql-js execute", async () => {
  const items = await corpus;
  const services = await corpusServices();
  const covered = compiledShare(services, items);
  assert.ok(items.length > 250, `corpus of ${items.length}`);
  assert.ok(covered > items.length * 0.6, `compiled path covers ${covered} of ${items.length}`);
  console.log(`corpus ${items.length}, compiled ${covered}`);
  await sameAnswers(pair(services), items);
});

Deno.test("compiled path: the executor's bodies and logged faults equal graphql-js's", async () => {
  const p = pair(await corpusServices());
  for (const item of [...faultItems(), ...matrix().slice(0, 60)]) {
    const logs = { compiled: [] as string[], reference: [] as string[] };
    const run = (k: "compiled" | "reference") =>
      p.executors[k].run(item, {
        signal: new AbortController().signal,
        headers: {},
        logInternal: (e) => logs[k].push(String(e)),
      });
    const [a, b] = [await run("compiled"), await run("reference")];
    let encoded: string[];
    try {
      encoded = [toWeaviateJson(a), toWeaviateJson(b)];
    } catch (err) {
      // Both fail to encode (a non-finite float32), with the same error.
      assert.throws(() => toWeaviateJson(a), { message: (err as Error).message });
      continue;
    }
    assert.equal(encoded[0], encoded[1], item.query);
    assert.deepEqual(logs.compiled, logs.reference, item.query);
  }
});

Deno.test("compiled path: response-size limits cut the same answers", async () => {
  const items = (await corpus).filter((i) => !/Slow|Broken/.test(i.query)).slice(0, 120);
  for (const maxResponseBytes of [60, 400, 3000]) {
    await sameAnswers(pair(await corpusServices({ maxResponseBytes })), items);
  }
});

Deno.test("compiled path: a fixed-seed sample of the fuzzer's documents answers the same", async () => {
  const mem = new Map([
    [`mem:${FUZZ_ARTICLE.name}.json`, JSON.stringify(fuzzRecords(FUZZ_ARTICLE.dims, 40))],
    [`mem:${FUZZ_REVIEW.name}.json`, JSON.stringify(fuzzRecords(FUZZ_REVIEW.dims, 25))],
  ]);
  const services = await buildServices(fuzzConfig(), {
    runtime: testRuntime({
      readText: (path, signal) =>
        mem.has(path) ? Promise.resolve(mem.get(path)!) : Deno.readTextFile(path, { signal }),
      env: () => undefined,
    }),
    createReranker: () => spyReranker(),
  });
  const docs = fc.sample(docArb, { seed: 20261125, numRuns: 1000 });
  const items = docs.map(({ query, variables, operationName }) => ({
    query,
    ...(variables ? { variables } : {}),
    ...(operationName ? { operationName } : {}),
  }));
  const covered = compiledShare(services, items);
  console.log(`fuzz sample ${items.length}, compiled ${covered}`);
  assert.ok(covered > 40, "a share of the sample is compiled");
  await sameAnswers(pair(services), items);
});
