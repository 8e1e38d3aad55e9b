import assert from "node:assert/strict";
import { type CohereRerankerOptions, createCohereReranker } from "../../src/rerankers/cohere.ts";
import type { RerankScore } from "../../src/core/reranker.ts";
import {
  closedPortUrl,
  type FakeHandler,
  type FakeServer,
  hang,
  json,
  raw,
  startFakeServer,
} from "./fake_server.ts";
import { cohereHandler } from "./fakes.ts";

const KEY = "test-cohere-key-0001";
const DOCS = ["the Montgolfier brothers", "a hot-air balloon", "Zeppelin"];

async function withCohere(
  handler: FakeHandler,
  fn: (
    server: FakeServer,
    rerank: (o?: Partial<RerankArgs>) => Promise<RerankScore[]>,
  ) => Promise<void>,
  extra: Partial<CohereRerankerOptions> = {},
): Promise<void> {
  const server = startFakeServer(handler);
  try {
    const reranker = createCohereReranker({
      baseURL: server.url,
      env: () => undefined,
      timeoutMs: 5000,
      ...extra,
    });
    await fn(server, (o = {}) =>
      reranker.rerank(o.query ?? "floating", o.docs ?? DOCS, {
        signal: o.signal ?? new AbortController().signal,
        headers: o.headers ?? { "x-cohere-api-key": KEY },
      }));
  } finally {
    await server.close();
  }
}

interface RerankArgs {
  query: string;
  docs: string[];
  signal: AbortSignal;
  headers: Record<string, string>;
}

/** Asserts the client-visible message exactly (or its start) and that no key leaked into it. */
async function rejectsWith(p: Promise<unknown>, expected: string | RegExp): Promise<void> {
  await assert.rejects(p, (err: Error) => {
    assert.ok(!err.message.includes(KEY), `key leaked: ${err.message}`);
    if (typeof expected === "string") assert.equal(err.message, expected);
    else assert.match(err.message, expected);
    return true;
  });
}

Deno.test("cohere: POST /v2/rerank with Bearer key, model, query and documents", async () => {
  await withCohere(cohereHandler, async (server, rerank) => {
    const scores = await rerank();
    assert.equal(scores.length, 3);
    assert.equal(server.requests.length, 1);
    const req = server.requests[0];
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/v2/rerank");
    assert.equal(req.headers["authorization"], `Bearer ${KEY}`);
    assert.match(req.headers["content-type"], /^application\/json/);
    assert.equal(req.headers["request-source"], "unspecified:rerank-gateway");
    assert.deepEqual(JSON.parse(req.body), {
      model: "rerank-v3.5",
      query: "floating",
      documents: DOCS,
    });
  });
});

Deno.test("cohere: the class's model is sent; the env key is used without a header", async () => {
  await withCohere(cohereHandler, async (server, rerank) => {
    await rerank({ headers: {} });
    assert.equal(server.requests[0].headers["authorization"], "Bearer env-key-1234");
    assert.equal(JSON.parse(server.requests[0].body).model, "rerank-v4.0-pro");
  }, {
    model: "rerank-v4.0-pro",
    apiKeyEnv: "MY_COHERE_KEY",
    env: (n) => n === "MY_COHERE_KEY" ? "env-key-1234" : undefined,
  });
});

Deno.test("cohere: X-Cohere-Api-Key overrides the env key", async () => {
  await withCohere(cohereHandler, async (server, rerank) => {
    await rerank();
    assert.equal(server.requests[0].headers["authorization"], `Bearer ${KEY}`);
  }, { env: () => "env-key-1234" });
});

Deno.test("cohere: no key anywhere gives Weaviate's text and makes no call", async () => {
  await withCohere(cohereHandler, async (server, rerank) => {
    await rejectsWith(
      rerank({ headers: {} }),
      "Cohere API Key: no api key found neither in request header: X-Cohere-Api-Key nor in " +
        "environment variable under COHERE_APIKEY",
    );
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("cohere: 401 with a message -> 'failed with status 401: <message>', no retry", async () => {
  const handler = () => json({ message: "invalid api token" }, 401);
  await withCohere(handler, async (server, rerank) => {
    await rejectsWith(
      rerank(),
      "connection to Cohere API failed with status 401: invalid api token",
    );
    assert.equal(server.requests.length, 1);
  });
});

Deno.test("cohere: an error body without a message -> 'failed with status 400'", async () => {
  await withCohere(() => json({}, 400), async (_server, rerank) => {
    await rejectsWith(rerank(), "connection to Cohere API failed with status 400");
  });
});

Deno.test("cohere: a key echoed by the provider is masked in the error", async () => {
  const handler = () => json({ message: `invalid api token ${KEY}` }, 401);
  await withCohere(handler, async (_server, rerank) => {
    await rejectsWith(
      rerank(),
      "connection to Cohere API failed with status 401: invalid api token ***",
    );
  });
});

Deno.test("cohere: 429 then 200 -> one retry after Retry-After, scores returned", async () => {
  const handler: FakeHandler = (req, n, signal) =>
    n === 0
      ? json({ message: "too many requests" }, 429, { "retry-after": "1" })
      : cohereHandler(req, n, signal);
  await withCohere(handler, async (server, rerank) => {
    const scores = await rerank();
    assert.equal(scores.length, 3);
    assert.equal(server.requests.length, 2);
  });
});

Deno.test("cohere: a Retry-After beyond the timeout is not waited for", async () => {
  const handler = () => json({ message: "too many requests" }, 429, { "retry-after": "120" });
  await withCohere(handler, async (server, rerank) => {
    await rejectsWith(
      rerank(),
      "connection to Cohere API failed with status 429: too many requests",
    );
    assert.equal(server.requests.length, 1);
  });
});

Deno.test("cohere: 500 twice -> exactly one retry, then the error", async () => {
  const handler = () => json({ message: "internal server error" }, 500);
  await withCohere(handler, async (server, rerank) => {
    await rejectsWith(
      rerank(),
      "connection to Cohere API failed with status 500: internal server error",
    );
    assert.equal(server.requests.length, 2);
  });
});

Deno.test("cohere: a slow answer times out with the request URL and the budget", async () => {
  // Issue 11 item 13: the configured base URL (here loopback, in production maybe an internal
  // host) no longer appears in client-visible texts; it reads `<configured base URL>`.
  await withCohere((_r, _n, signal) => hang(signal), async (_server, rerank) => {
    await rejectsWith(
      rerank(),
      `send POST request: Post "<configured base URL>/v2/rerank": context deadline exceeded ` +
        "(timeout after 300 ms)",
    );
  }, { timeoutMs: 300 });
});

Deno.test("cohere: truncated JSON -> 'unmarshal error from response body: ...'", async () => {
  const handler = () => raw('{"id":"x","results":[{"index":0,"relevance_sc');
  await withCohere(handler, async (_server, rerank) => {
    await rejectsWith(rerank(), /^unmarshal error from response body: .+/);
  });
});

Deno.test("cohere: malformed JSON error body -> 'unmarshal error from response body: ...'", async () => {
  await withCohere(() => raw("{message: nope}", 400), async (server, rerank) => {
    await rejectsWith(rerank(), /^unmarshal error from response body: .+/);
    assert.equal(server.requests.length, 1);
  });
});

Deno.test("cohere: a proxy's HTML 502 is retried once, then an unmarshal error", async () => {
  await withCohere(() => raw("<html>Bad Gateway</html>", 502, "text/html"), async (s, rerank) => {
    await rejectsWith(rerank(), /^unmarshal error from response body: .+/);
    assert.equal(s.requests.length, 2);
  });
});

Deno.test("cohere: a 200 with the wrong number of results is an error", async () => {
  const handler = () => json({ results: [{ index: 0, relevance_score: 0.5 }] });
  await withCohere(handler, async (_server, rerank) => {
    await rejectsWith(rerank(), "reranker returned 1 scores for 3 documents");
  });
});

Deno.test("cohere: connection refused -> 'send POST request: Post \"<url>\": ...'", async () => {
  // Issue 11 item 13: the configured base URL (here loopback, in production maybe an internal
  // host) no longer appears in client-visible texts; it reads `<configured base URL>`.
  const url = closedPortUrl();
  const reranker = createCohereReranker({ baseURL: url, env: () => KEY, timeoutMs: 5000 });
  await rejectsWith(
    reranker.rerank("q", DOCS, { signal: new AbortController().signal }),
    /^send POST request: Post "<configured base URL>\/v2\/rerank": .+/,
  );
});

Deno.test("cohere: credentials in the base URL never reach an error message", async () => {
  const url = closedPortUrl().replace("http://", "http://user:s3cret-pass@");
  const reranker = createCohereReranker({ baseURL: url, env: () => KEY, timeoutMs: 5000 });
  await assert.rejects(
    reranker.rerank("q", DOCS, { signal: new AbortController().signal }),
    (err: Error) => {
      assert.ok(!err.message.includes("s3cret-pass"), err.message);
      // Issue 11 item 13: the configured host is not shown either (it may be internal).
      assert.match(err.message, /^send POST request: Post "<configured base URL>\/v2\/rerank": /);
      assert.ok(!err.message.includes("127.0.0.1"), err.message);
      return true;
    },
  );
});

Deno.test("cohere: the caller's abort cancels an in-flight call with its reason", async () => {
  const ctl = new AbortController();
  const reason = new Error("request cancelled");
  const handler: FakeHandler = (_r, _n, signal) => {
    ctl.abort(reason);
    return hang(signal);
  };
  await withCohere(handler, async (_server, rerank) => {
    await assert.rejects(rerank({ signal: ctl.signal }), (err) => err === reason);
  });
});

Deno.test("cohere: X-Cohere-Baseurl must be https and public unless allowed", async () => {
  await withCohere(cohereHandler, async (server, rerank) => {
    const headers = (baseurl: string) => ({ "x-cohere-api-key": KEY, "x-cohere-baseurl": baseurl });
    await rejectsWith(
      rerank({ headers: headers(server.url) }),
      "X-Cohere-Baseurl: base URL must use https",
    );
    await rejectsWith(
      rerank({ headers: headers("https://10.1.2.3") }),
      "X-Cohere-Baseurl: base URL must not point to a private or loopback address",
    );
    await rejectsWith(
      rerank({ headers: headers("https://[::1]:8443") }),
      "X-Cohere-Baseurl: base URL must not point to a private or loopback address",
    );
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("cohere: with allowPrivateBaseUrls, X-Cohere-Baseurl replaces the configured URL", async () => {
  const other = startFakeServer(cohereHandler);
  try {
    await withCohere(cohereHandler, async (server, rerank) => {
      await rerank({ headers: { "x-cohere-api-key": KEY, "x-cohere-baseurl": other.url } });
      assert.equal(server.requests.length, 0);
      assert.equal(other.requests.length, 1);
      assert.equal(other.requests[0].path, "/v2/rerank");
    }, { allowPrivateBaseUrls: true });
  } finally {
    await other.close();
  }
});
