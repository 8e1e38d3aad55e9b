/**
 * Observability: `GET /metrics` (Prometheus text format, an API key as for GraphQL),
 * `Server-Timing` on every GraphQL answer, structured JSON logs with the request id, and never a
 * key or an Authorization header in a log line or a metric.
 */
import assert from "node:assert/strict";
import { createApp } from "../../src/http/app.ts";
import { createGatewayMetrics, Histogram, routeOf } from "../../src/http/metrics.ts";
import type { Reranker } from "../../src/core/reranker.ts";
import { testGateway } from "../helpers/harness.ts";

const KEY = "metrics-test-key-0123456789";
const AUTH = { authorization: `Bearer ${KEY}` };
const U0 = "00000000-0000-0000-0000-000000000001";
const U1 = "00000000-0000-0000-0000-000000000002";

/** A reranker that reports stats as a local model would (dummy scores). */
function statsReranker(): Reranker {
  return {
    name: "reranker-transformers",
    maxDocuments: 100,
    rerank: (_q, docs) => Promise.resolve(docs.map((d, index) => ({ index, score: d.length }))),
    stats: () => ({ tokens: 42, cacheHits: 3, cacheMisses: 1, modelLoadSeconds: 0.25 }),
  };
}

/** A reranker whose provider is down. */
function failingReranker(): Reranker {
  return {
    name: "reranker-cohere",
    maxDocuments: 100,
    rerank: () => Promise.reject(new Error("connection to Cohere API failed with status 503")),
  };
}

async function gateway(logFormat?: "json") {
  const lines: string[] = [];
  const { services } = await testGateway([
    {
      class: "Article",
      properties: { title: "text" },
      records: [{ id: U0, title: "short" }, { id: U1, title: "much longer title" }],
      moduleConfig: { "reranker-transformers": { model: "ms-marco-MiniLM-L-6-v2" } },
    },
    {
      class: "Down",
      properties: { title: "text" },
      records: [{ id: U0, title: "x" }],
      moduleConfig: { "reranker-cohere": {} },
    },
  ], {
    apiKeys: [KEY],
    anonymousAccessEnabled: false,
    createReranker: (module) => module === "reranker-cohere" ? failingReranker() : statsReranker(),
  });
  const app = createApp(services, { log: (l) => lines.push(l), logFormat });
  const gql = (query: string, headers: Record<string, string> = AUTH) =>
    app.request("/v1/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query }),
    });
  const metrics = async () => {
    const res = await app.request("/metrics", { headers: AUTH });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    return await res.text();
  };
  return { app, gql, metrics, lines };
}

const RERANKED = '{ Get { Article { title _additional { rerank(property: "title" query: "q") ' +
  "{ score } } } } }";

/** The value of one sample line of `text` (`name{labels} value`). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(series + " "));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

Deno.test("Server-Timing: parse, retrieve, rerank and encode on every GraphQL answer", async () => {
  const { gql } = await gateway();
  const res = await gql(RERANKED);
  assert.equal(res.status, 200);
  const timing = res.headers.get("server-timing") ?? "";
  assert.match(
    timing,
    /^parse;dur=[\d.]+, retrieve;dur=[\d.]+, rerank;dur=[\d.]+, encode;dur=[\d.]+$/,
  );
  // A refused request still says where its time went (nothing retrieved).
  const empty = await gql("");
  assert.equal(empty.status, 422);
  assert.match(empty.headers.get("server-timing") ?? "", /^parse;dur=0, retrieve;dur=0, /);
  // An unauthenticated one too; other routes have none.
  assert.ok((await gql(RERANKED, {})).headers.has("server-timing"));
  const { app } = await gateway();
  assert.equal(
    (await app.request("/v1/meta", { headers: AUTH })).headers.get("server-timing"),
    null,
  );
});

Deno.test("/metrics: requests, latency, retrieve and rerank time, documents, model counters", async () => {
  const { gql, metrics } = await gateway();
  await (await gql(RERANKED)).text();
  await (await gql(RERANKED)).text();
  await (await gql(RERANKED, { authorization: "Bearer wrong" })).text();
  const text = await metrics();
  const s = (series: string) => sample(text, series);
  assert.equal(s('gateway_http_requests_total{route="/v1/graphql",method="POST",status="200"}'), 2);
  assert.equal(s('gateway_http_requests_total{route="/v1/graphql",method="POST",status="401"}'), 1);
  assert.equal(s('gateway_http_request_duration_seconds_count{route="/v1/graphql"}'), 3);
  assert.equal(
    s('gateway_http_request_duration_seconds_bucket{route="/v1/graphql",le="+Inf"}'),
    3,
  );
  assert.equal(
    s('gateway_retrieve_duration_seconds_count{collection="Article",store="embedded"}'),
    2,
  );
  assert.equal(s('gateway_rerank_duration_seconds_count{reranker="reranker-transformers"}'), 2);
  assert.equal(s('gateway_rerank_documents_total{reranker="reranker-transformers"}'), 4);
  const model = '{collection="Article",reranker="reranker-transformers"}';
  assert.equal(s(`gateway_rerank_tokens_total${model}`), 42);
  assert.equal(s(`gateway_rerank_cache_hits_total${model}`), 3);
  assert.equal(s(`gateway_rerank_cache_misses_total${model}`), 1);
  assert.equal(s(`gateway_model_load_seconds${model}`), 0.25);
  assert.match(text, /^# TYPE gateway_http_request_duration_seconds histogram$/m);
  assert.match(text, /^# TYPE gateway_model_load_seconds gauge$/m);
  // The scrape before this one is counted too.
  assert.equal(
    s('gateway_http_requests_total{route="/metrics",method="GET",status="200"}'),
    undefined,
  );
  assert.equal(
    sample(
      await metrics(),
      'gateway_http_requests_total{route="/metrics",method="GET",status="200"}',
    ),
    1,
  );
});

Deno.test("/metrics: upstream errors by provider, from GraphQL and /v2/rerank", async () => {
  const { app, gql, metrics } = await gateway();
  const body = await (await gql(
    '{ Get { Down { title _additional { rerank(property: "title" query: "q") { score } } } } }',
  )).json();
  assert.match(JSON.stringify(body.errors), /status 503/);
  const rest = await app.request("/v2/rerank", {
    method: "POST",
    headers: { "content-type": "application/json", ...AUTH },
    body: JSON.stringify({ model: "Down", query: "q", documents: ["a"] }),
  });
  assert.equal(rest.status, 500);
  await rest.body?.cancel();
  const text = await metrics();
  assert.equal(sample(text, 'gateway_upstream_errors_total{provider="reranker-cohere"}'), 2);
  assert.equal(sample(text, 'gateway_rerank_documents_total{reranker="reranker-cohere"}'), 2);
});

Deno.test("/metrics: an API key as for GraphQL; no key, header or path text in any label", async () => {
  const { app, gql, metrics } = await gateway();
  assert.equal((await app.request("/metrics")).status, 401);
  assert.equal(
    (await app.request("/metrics", { headers: { authorization: "Bearer x" } })).status,
    401,
  );
  await (await gql(RERANKED, { authorization: `Bearer ${KEY}-not` })).text();
  await (await app.request(`/v1/schema/${KEY}`, { headers: AUTH })).text();
  await (await app.request(`/${KEY}/nowhere`, { headers: AUTH })).text();
  const text = await metrics();
  assert.ok(!text.includes(KEY), "a key in /metrics");
  assert.ok(!text.toLowerCase().includes("bearer"));
  assert.equal(
    sample(text, 'gateway_http_requests_total{route="other",method="GET",status="404"}'),
    1,
  );
  assert.equal(
    sample(
      text,
      'gateway_http_requests_total{route="/v1/schema/{className}",method="GET",status="404"}',
    ),
    1,
  );
});

Deno.test("JSON logs: one request line per request with its id; errors too; never a key", async () => {
  const { app, gql, lines } = await gateway("json");
  const res = await gql(RERANKED, { ...AUTH, "x-request-id": "req-42" });
  assert.equal(res.status, 200);
  await res.text();
  await (await gql(RERANKED, { authorization: `Bearer ${KEY}x` })).text();
  // A key in the path (a client's mistake) is masked there too.
  await (await app.request(`/${KEY}/nowhere`, { headers: AUTH })).text();
  const parsed = lines.map((l) => JSON.parse(l));
  const first = parsed.find((l) => l.request_id === "req-42");
  assert.deepEqual(Object.keys(first), [
    "time",
    "level",
    "msg",
    "request_id",
    "method",
    "path",
    "route",
    "status",
    "duration_ms",
  ]);
  assert.equal(first.level, "info");
  assert.equal(first.msg, "request");
  assert.equal(first.path, "/v1/graphql");
  assert.equal(first.status, 200);
  assert.equal(typeof first.duration_ms, "number");
  assert.ok(!Number.isNaN(Date.parse(first.time)));
  assert.ok(parsed.some((l) => l.status === 401));
  assert.ok(parsed.some((l) => l.path === "/***/nowhere" && l.route === "other"));
  for (const line of lines) {
    assert.ok(!line.includes(KEY), `a key in ${line}`);
    assert.ok(!line.toLowerCase().includes("authorization"), line);
  }
});

Deno.test("JSON logs: internal errors carry the request id and are redacted", async () => {
  const lines: string[] = [];
  const { services } = await testGateway([{
    class: "Boom",
    properties: { title: "text" },
    records: [],
    moduleConfig: { "reranker-dummy": {} },
  }], {
    createReranker: () => ({
      name: "reranker-dummy",
      maxDocuments: 10,
      rerank: () => Promise.reject(new TypeError(`bug near Bearer ${KEY}`)),
    }),
  });
  const app = createApp(services, { log: (l) => lines.push(l), logFormat: "json" });
  const res = await app.request("/rerank", {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": "req-bug" },
    body: JSON.stringify({ query: "q", texts: ["a"] }),
  });
  assert.equal(res.status, 500);
  assert.match(await res.text(), /req-bug/);
  const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.level === "error");
  assert.equal(errors.length, 2); // the fault, and the request line of the 500
  assert.equal(errors[0].msg, "internal error");
  assert.equal(errors[0].request_id, "req-bug");
  assert.match(errors[0].error, /TypeError: bug near Bearer \*\*\*/);
  assert.ok(lines.every((l) => !l.includes(KEY)));
});

Deno.test("metrics registry: label escaping, histogram buckets, route templates", () => {
  const h = new Histogram("h_seconds", "help", ["l"], [0.1, 1]);
  h.observe({ l: 'a"b\\c\nd' }, 0.5);
  h.observe({ l: 'a"b\\c\nd' }, 5);
  const out: string[] = [];
  h.render(out);
  assert.deepEqual(out, [
    "# HELP h_seconds help",
    "# TYPE h_seconds histogram",
    'h_seconds_bucket{l="a\\"b\\\\c\\nd",le="0.1"} 0',
    'h_seconds_bucket{l="a\\"b\\\\c\\nd",le="1"} 1',
    'h_seconds_bucket{l="a\\"b\\\\c\\nd",le="+Inf"} 2',
    'h_seconds_sum{l="a\\"b\\\\c\\nd"} 5.5',
    'h_seconds_count{l="a\\"b\\\\c\\nd"} 2',
  ]);
  assert.equal(routeOf("/v1/schema/Article"), "/v1/schema/{className}");
  assert.equal(routeOf("/v2/rerank"), "/v2/rerank");
  assert.equal(routeOf("/anything/else"), "other");
  const m = createGatewayMetrics();
  const r = m.request();
  r.done("BREW", "other", 418, 0.001);
  assert.match(
    m.render({ collections: new Map() } as never),
    /^gateway_http_requests_total\{route="other",method="other",status="418"\} 1$/m,
  );
});

Deno.test("metrics registry: requests add up per route, method and status; bucket edges", () => {
  const m = createGatewayMetrics();
  m.request().done("GET", "/v1/meta", 200, 0.005);
  m.request().done("GET", "/v1/meta", 200, 0.0051);
  m.request().done("GET", "/v1/meta", 404, 120);
  m.request().done("POST", "/v1/meta", 200, 0.001);
  const text = m.render({ collections: new Map() } as never);
  const at = (series: string) => sample(text, series);
  assert.equal(at('gateway_http_requests_total{route="/v1/meta",method="GET",status="200"}'), 2);
  assert.equal(at('gateway_http_requests_total{route="/v1/meta",method="GET",status="404"}'), 1);
  assert.equal(at('gateway_http_requests_total{route="/v1/meta",method="POST",status="200"}'), 1);
  const bucket = (le: string) =>
    at(`gateway_http_request_duration_seconds_bucket{route="/v1/meta",le="${le}"}`);
  assert.equal(bucket("0.005"), 2, "a value on a bucket's bound counts in that bucket");
  assert.equal(bucket("0.01"), 3);
  assert.equal(bucket("60"), 3);
  assert.equal(bucket("+Inf"), 4);
  assert.equal(at('gateway_http_request_duration_seconds_count{route="/v1/meta"}'), 4);
  const r = m.request();
  r.telemetry.stage("parse", 0.25);
  r.telemetry.stage("parse", 0.5);
  r.telemetry.stage("encode", 1 / 3);
  assert.equal(r.serverTiming(), "parse;dur=0.75, retrieve;dur=0, rerank;dur=0, encode;dur=0.333");
});
