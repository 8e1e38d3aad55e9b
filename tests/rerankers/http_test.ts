import assert from "node:assert/strict";
import { createHttpReranker, type HttpRerankerOptions } from "../../src/rerankers/http.ts";
import { type HttpProtocol } from "../../src/rerankers/http.ts";
import {
  JINAAI,
  MIXEDBREAD,
  TEI,
  TRANSFORMERS,
  VOYAGEAI,
} from "../../src/rerankers/http_protocols.ts";
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
import {
  jinaHandler,
  mixedbreadHandler,
  teiHandler,
  transformersHandler,
  voyageHandler,
} from "./fakes.ts";

const KEY = "test-http-key-0002";
const DOCS = ["the Montgolfier brothers", "a hot-air balloon", "Zeppelin"];

async function withProvider(
  protocol: HttpProtocol,
  handler: FakeHandler,
  fn: (
    server: FakeServer,
    rerank: (headers?: Record<string, string>) => Promise<RerankScore[]>,
  ) => Promise<void>,
  extra: Partial<HttpRerankerOptions> = {},
): Promise<void> {
  const server = startFakeServer(handler);
  try {
    const reranker = createHttpReranker(protocol, {
      baseURL: server.url,
      env: () => undefined,
      timeoutMs: 5000,
      ...extra,
    });
    await fn(
      server,
      (headers = {}) =>
        reranker.rerank("floating", DOCS, { signal: new AbortController().signal, headers }),
    );
  } finally {
    await server.close();
  }
}

async function rejectsWith(p: Promise<unknown>, expected: string | RegExp): Promise<void> {
  await assert.rejects(p, (err: Error) => {
    assert.ok(!err.message.includes(KEY), `key leaked: ${err.message}`);
    if (typeof expected === "string") assert.equal(err.message, expected);
    else assert.match(err.message, expected);
    return true;
  });
}

const REQUESTS: {
  protocol: HttpProtocol;
  handler: FakeHandler;
  path: string;
  keyHeader?: string;
  body: unknown;
}[] = [
  {
    protocol: TRANSFORMERS,
    handler: transformersHandler,
    path: "/rerank",
    body: { query: "floating", documents: DOCS, property: "" },
  },
  {
    protocol: TEI,
    handler: teiHandler,
    path: "/rerank",
    keyHeader: "x-huggingface-api-key",
    body: { query: "floating", texts: DOCS, raw_scores: false, return_text: false },
  },
  {
    protocol: JINAAI,
    handler: jinaHandler,
    path: "/v1/rerank",
    keyHeader: "x-jinaai-api-key",
    body: {
      model: "jina-reranker-v2-base-multilingual",
      query: "floating",
      documents: DOCS,
      top_n: 3,
      return_documents: false,
    },
  },
  {
    protocol: VOYAGEAI,
    handler: voyageHandler,
    path: "/rerank",
    keyHeader: "x-voyageai-api-key",
    body: { model: "rerank-lite-1", query: "floating", documents: DOCS, return_documents: false },
  },
  {
    protocol: MIXEDBREAD,
    handler: mixedbreadHandler,
    path: "/v1/reranking",
    keyHeader: "x-mixedbread-api-key",
    body: {
      model: "mixedbread-ai/mxbai-rerank-large-v1",
      query: "floating",
      input: DOCS,
      top_k: 3,
      return_input: false,
    },
  },
];

for (const t of REQUESTS) {
  Deno.test(`${t.protocol.module}: POST ${t.path} with the exact body and key header`, async () => {
    await withProvider(t.protocol, t.handler, async (server, rerank) => {
      const headers: Record<string, string> = t.keyHeader ? { [t.keyHeader]: KEY } : {};
      assert.equal((await rerank(headers)).length, 3);
      const req = server.requests[0];
      assert.equal(req.method, "POST");
      assert.equal(req.path, t.path);
      assert.equal(req.headers["content-type"], "application/json");
      assert.equal(req.headers["authorization"], t.keyHeader ? `Bearer ${KEY}` : undefined);
      assert.deepEqual(JSON.parse(req.body), t.body);
    });
  });
}

Deno.test("reranker-transformers: batches of 32 by default, batchSize lowers it", async () => {
  await withProvider(TRANSFORMERS, transformersHandler, async (server) => {
    const r = createHttpReranker(TRANSFORMERS, {
      baseURL: server.url,
      env: () => undefined,
      timeoutMs: 5000,
    });
    const docs = Array.from({ length: 70 }, (_, i) => `doc ${i}`);
    await r.rerank("q", docs, { signal: new AbortController().signal });
    assert.deepEqual(server.requests.map((q) => JSON.parse(q.body).documents.length), [32, 32, 6]);
    const small = createHttpReranker(TRANSFORMERS, {
      baseURL: server.url,
      env: () => undefined,
      timeoutMs: 5000,
      batchSize: 10,
    });
    await small.rerank("q", docs.slice(0, 25), { signal: new AbortController().signal });
    assert.equal(server.requests.length, 3 + 3);
  });
});

// Failure modes with the client-visible texts: Weaviate's container wording ...
const T = TRANSFORMERS;
Deno.test("reranker-transformers: 500 {error} -> 'fail with status 500: <error>', retried once", async () => {
  await withProvider(T, () => json({ error: "CUDA out of memory" }, 500), async (s, rerank) => {
    await rejectsWith(rerank(), "fail with status 500: CUDA out of memory");
    assert.equal(s.requests.length, 2);
  });
});

Deno.test("reranker-transformers: an empty error body -> 'fail with status 503'", async () => {
  await withProvider(T, () => new Response(null, { status: 503 }), async (_s, rerank) => {
    await rejectsWith(rerank(), "fail with status 503");
  });
});

Deno.test("reranker-transformers: truncated JSON -> 'failed to parse reranker response'", async () => {
  await withProvider(T, () => raw('{"query":"q","scores":[{"document":"a","sco'), async (_s, r) => {
    await rejectsWith(r(), /^failed to parse reranker response \(status 200\): .+/);
  });
});

Deno.test("reranker-transformers: malformed JSON on 500 -> parse error with the status", async () => {
  await withProvider(T, () => raw("Internal Server Error", 500, "text/plain"), async (_s, r) => {
    await rejectsWith(r(), /^failed to parse reranker response \(status 500\): .+/);
  });
});

Deno.test("reranker-transformers: a wrong score count is an error", async () => {
  await withProvider(T, () => json({ scores: [{ score: 1 }] }), async (_s, r) => {
    await rejectsWith(r(), "reranker returned 1 scores for 3 documents");
  });
});

Deno.test("reranker-transformers: connection refused -> 'send POST request: Post ...'", async () => {
  // Issue 11 item 13: the configured base URL (here loopback, in production maybe an internal
  // host) no longer appears in client-visible texts; it reads `<configured base URL>`.
  const url = closedPortUrl();
  const r = createHttpReranker(T, { baseURL: url, env: () => undefined, timeoutMs: 5000 });
  await rejectsWith(
    r.rerank("q", DOCS, { signal: new AbortController().signal }),
    /^send POST request: Post "<configured base URL>\/rerank": .+/,
  );
});

// ... and the hosted APIs' wording (as Cohere's).
const J = JINAAI;
const JKEY = { "x-jinaai-api-key": KEY };
Deno.test("reranker-jinaai: no key -> Weaviate-style key message, no call", async () => {
  await withProvider(J, jinaHandler, async (s, rerank) => {
    await rejectsWith(
      rerank(),
      "JinaAI API Key: no api key found neither in request header: X-Jinaai-Api-Key nor in " +
        "environment variable under JINAAI_APIKEY",
    );
    assert.equal(s.requests.length, 0);
  });
});

Deno.test("reranker-jinaai: the env key named by apiKeyEnv is used", async () => {
  await withProvider(J, jinaHandler, async (s, rerank) => {
    await rerank();
    assert.equal(s.requests[0].headers["authorization"], "Bearer from-env-123");
  }, { apiKeyEnv: "JINA_KEY", env: (n) => n === "JINA_KEY" ? "from-env-123" : undefined });
});

Deno.test("reranker-jinaai: 401 {detail} -> 'connection to JinaAI API failed ...', masked", async () => {
  const handler = () => json({ detail: `Invalid API key ${KEY}` }, 401);
  await withProvider(J, handler, async (s, rerank) => {
    await rejectsWith(
      rerank(JKEY),
      "connection to JinaAI API failed with status 401: Invalid API key ***",
    );
    assert.equal(s.requests.length, 1);
  });
});

Deno.test("reranker-jinaai: 429 with Retry-After then 200 succeeds", async () => {
  const handler: FakeHandler = (req, n, signal) =>
    n === 0
      ? json({ detail: "rate limited" }, 429, { "retry-after": "0" })
      : jinaHandler(req, n, signal);
  await withProvider(J, handler, async (s, rerank) => {
    assert.equal((await rerank(JKEY)).length, 3);
    assert.equal(s.requests.length, 2);
  });
});

Deno.test("reranker-jinaai: 500 twice -> the error after one retry", async () => {
  await withProvider(J, () => json({ detail: "oops" }, 500), async (s, rerank) => {
    await rejectsWith(rerank(JKEY), "connection to JinaAI API failed with status 500: oops");
    assert.equal(s.requests.length, 2);
  });
});

Deno.test("reranker-jinaai: a slow answer times out", async () => {
  // Issue 11 item 13: the configured base URL (here loopback, in production maybe an internal
  // host) no longer appears in client-visible texts; it reads `<configured base URL>`.
  await withProvider(J, (_r, _n, signal) => hang(signal), async (_s, rerank) => {
    await rejectsWith(
      rerank(JKEY),
      `send POST request: Post "<configured base URL>/v1/rerank": context deadline exceeded ` +
        "(timeout after 200 ms)",
    );
  }, { timeoutMs: 200 });
});

Deno.test("reranker-jinaai: truncated and malformed JSON -> unmarshal errors", async () => {
  for (const body of ['{"results":[{"index":0,', "<html>oops</html>"]) {
    await withProvider(J, () => raw(body), async (_s, rerank) => {
      await rejectsWith(rerank(JKEY), /^unmarshal error from response body: .+/);
    });
  }
  await withProvider(J, () => json({ results: "nope" }), async (_s, rerank) => {
    await rejectsWith(
      rerank(JKEY),
      "unmarshal error from response body: expected results in the answer",
    );
  });
});

Deno.test("reranker-jinaai: X-Jinaai-Baseurl must be https and public", async () => {
  await withProvider(J, jinaHandler, async (s, rerank) => {
    await rejectsWith(
      rerank({ ...JKEY, "x-jinaai-baseurl": "https://169.254.169.254" }),
      "X-Jinaai-Baseurl: base URL must not point to a private or loopback address",
    );
    assert.equal(s.requests.length, 0);
  });
});

Deno.test("reranker-tei: runs without a key when none is configured", async () => {
  await withProvider(TEI, teiHandler, async (s, rerank) => {
    await rerank();
    assert.equal(s.requests[0].headers["authorization"], undefined);
  });
});

Deno.test("http rerankers: a redirect is not followed (the key must not travel)", async () => {
  const handler = () =>
    new Response(null, { status: 307, headers: { location: "http://x.invalid/" } });
  await withProvider(J, handler, async (s, rerank) => {
    // Issue 11 item 2: the text now says why the call failed.
    await rejectsWith(
      rerank(JKEY),
      "connection to JinaAI API failed with status 307: redirects are not followed",
    );
    assert.equal(s.requests.length, 1);
  });
});
