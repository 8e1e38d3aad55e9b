import assert from "node:assert/strict";
import type { FuzzCase } from "../../bench/fuzz/arbitraries.ts";
import { encodeJson } from "../../bench/fuzz/arbitraries.ts";
import {
  checkObservation,
  graphqlBodyProblem,
  httpErrorBodyProblem,
} from "../../bench/fuzz/invariants.ts";
import { JSON_INFINITY } from "../../bench/fuzz/values.ts";

const opts = { deadlineMs: 100, operatorKey: "sk-op", configuredOrigins: ["https://ok.test"] };
const post: FuzzCase = { method: "POST", path: "/v1/graphql", headers: {}, body: "{}", tags: [] };
const seen = (
  status: number,
  text: string,
  extra: Partial<{ ms: number; cpuMs: number; egress: [] }> = {},
) => ({
  status,
  headers: new Headers(),
  text,
  ms: 1,
  egress: [],
  ...extra,
});

Deno.test("fuzz invariants: Weaviate's GraphQL and HTTP error bodies pass", () => {
  assert.equal(graphqlBodyProblem({ data: { Get: { A: [] } } }), undefined);
  assert.equal(
    graphqlBodyProblem({ data: null, errors: [{ locations: null, message: "x", path: null }] }),
    undefined,
  );
  assert.equal(httpErrorBodyProblem({ error: [{ message: "x" }] }), undefined);
  assert.equal(httpErrorBodyProblem({ code: 401, message: "x" }), undefined);
  assert.deepEqual(checkObservation(post, seen(200, '{"data":{"Get":{}}}'), opts), []);
});

Deno.test("fuzz invariants: 5xx, slow answers, bad shapes and leaked keys are reported", () => {
  const names = (o: ReturnType<typeof seen>) =>
    checkObservation(post, o, opts).map((v) => v.invariant);
  assert.deepEqual(names(seen(500, '{"error":[{"message":"internal server error"}]}')), ["no-5xx"]);
  assert.deepEqual(names(seen(200, '{"data":{}}', { ms: 101 })), ["deadline"]);
  // Slow but idle: the CPU was elsewhere (shared machine); stalled past 5x: reported anyway.
  assert.deepEqual(names(seen(200, '{"data":{}}', { ms: 300, cpuMs: 10 })), []);
  assert.deepEqual(names(seen(200, '{"data":{}}', { ms: 300, cpuMs: 60 })), ["deadline"]);
  assert.deepEqual(names(seen(200, '{"data":{}}', { ms: 600, cpuMs: 10 })), ["deadline"]);
  assert.deepEqual(names(seen(200, '{"stack":1}')), ["json-shape"]);
  assert.deepEqual(names(seen(422, '{"message":"x"}')), ["json-shape"]);
  assert.deepEqual(names(seen(200, '{"data":{"k":"sk-op"}}')), ["no-secret-in-answer"]);
  const leak = {
    ...seen(200, '{"data":{}}'),
    egress: [{
      url: "https://evil.test/x",
      origin: "https://evil.test",
      headers: { a: "Bearer sk-op" },
    }],
  };
  assert.deepEqual(checkObservation(post, leak, opts).map((v) => v.invariant), [
    "operator-key-stays-home",
  ]);
  const limiter = {
    ...seen(503, '{"error":[{"message":"busy"}]}'),
    headers: new Headers({ "retry-after": "1" }),
  };
  assert.deepEqual(checkObservation(post, limiter, opts), []);
});

Deno.test("fuzz bodies: the 1e999 sentinel becomes a bare number", () => {
  assert.equal(encodeJson({ v: [JSON_INFINITY, `-${JSON_INFINITY}`] }), '{"v":[1e999,-1e999]}');
  assert.equal(JSON.parse(encodeJson({ v: [JSON_INFINITY] })).v[0], Infinity);
});
