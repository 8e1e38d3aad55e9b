import assert from "node:assert/strict";
import {
  type CohereVectorizerOptions,
  createCohereVectorizer,
} from "../../src/vectorizers/cohere.ts";
import type { VectorizeOptions, Vectorizer } from "../../src/core/vectorizer.ts";
import {
  type FakeHandler,
  type FakeServer,
  hang,
  json,
  raw,
  startFakeServer,
} from "../rerankers/fake_server.ts";
import { cohereEmbedHandler, conceptVector } from "./fakes.ts";

const KEY = "test-cohere-key-0001";
const TEXTS = ["a hot-air balloon", "a sailing ship", "a red car"];

type Embed = (texts?: readonly string[], o?: Partial<VectorizeOptions>) => Promise<number[][]>;

async function withCohere(
  handler: FakeHandler,
  fn: (server: FakeServer, embed: Embed, vectorizer: Vectorizer) => Promise<void>,
  extra: Partial<CohereVectorizerOptions> = {},
): Promise<void> {
  const server = startFakeServer(handler);
  try {
    const vectorizer = createCohereVectorizer({
      baseURL: server.url,
      env: () => undefined,
      timeoutMs: 5000,
      ...extra,
    });
    const embed: Embed = (texts = TEXTS, o = {}) =>
      vectorizer.vectorize(texts, {
        signal: o.signal ?? new AbortController().signal,
        headers: o.headers ?? { "x-cohere-api-key": KEY },
        purpose: o.purpose,
      });
    await fn(server, embed, vectorizer);
  } finally {
    await server.close();
  }
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

Deno.test("text2vec-cohere: POST /v2/embed with Bearer key, model, texts, search_query, float", async () => {
  await withCohere(cohereEmbedHandler, async (server, embed, vectorizer) => {
    assert.equal(vectorizer.dimensions, 0, "unknown before the first answer");
    const vectors = await embed();
    assert.deepEqual(vectors, TEXTS.map(conceptVector));
    assert.equal(vectorizer.dimensions, 4);
    assert.equal(server.requests.length, 1);
    const req = server.requests[0];
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/v2/embed");
    assert.equal(req.headers["authorization"], `Bearer ${KEY}`);
    assert.match(req.headers["content-type"], /^application\/json/);
    assert.equal(req.headers["request-source"], "unspecified:rerank-gateway");
    assert.deepEqual(JSON.parse(req.body), {
      model: "embed-multilingual-v3.0",
      texts: TEXTS,
      input_type: "search_query",
      embedding_types: ["float"],
    });
  });
});

Deno.test("text2vec-cohere: objects are embedded as search_document with the class's model", async () => {
  await withCohere(cohereEmbedHandler, async (server, embed) => {
    await embed(TEXTS, { purpose: "document", headers: {} });
    assert.deepEqual(JSON.parse(server.requests[0].body), {
      model: "embed-v4.0",
      texts: TEXTS,
      input_type: "search_document",
      embedding_types: ["float"],
      output_dimension: 4,
    });
    assert.equal(server.requests[0].headers["authorization"], "Bearer env-key-1234");
  }, { model: "embed-v4.0", dimensions: 4, env: () => "env-key-1234" });
});

Deno.test("text2vec-cohere: 250 texts go out as 96 + 96 + 58, vectors in input order", async () => {
  const texts = Array.from({ length: 250 }, (_, i) => "balloon ".repeat(i % 7) + `t${i}`);
  await withCohere(cohereEmbedHandler, async (server, embed) => {
    const vectors = await embed(texts);
    assert.deepEqual(vectors, texts.map(conceptVector));
    const sizes = server.requests.map((r) => JSON.parse(r.body).texts.length).sort((a, b) => b - a);
    assert.deepEqual(sizes, [96, 96, 58]);
  });
});

Deno.test("text2vec-cohere: at most 4 calls are in flight", async () => {
  let inFlight = 0;
  let peak = 0;
  const handler: FakeHandler = async (req, n, signal) => {
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setTimeout(r, 30));
    inFlight--;
    return cohereEmbedHandler(req, n, signal);
  };
  const texts = Array.from({ length: 96 * 9 }, (_, i) => `text ${i}`);
  await withCohere(handler, async (server, embed) => {
    assert.equal((await embed(texts)).length, texts.length);
    assert.equal(server.requests.length, 9);
    assert.equal(peak, 4);
  });
});

Deno.test("text2vec-cohere: X-Cohere-Api-Key wins over the env key for queries", async () => {
  await withCohere(cohereEmbedHandler, async (server, embed) => {
    await embed();
    assert.equal(server.requests[0].headers["authorization"], `Bearer ${KEY}`);
    await embed(TEXTS, { headers: {} });
    assert.equal(server.requests[1].headers["authorization"], "Bearer env-key-1234");
  }, { apiKeyEnv: "MY_KEY", env: (n) => n === "MY_KEY" ? "env-key-1234" : undefined });
});

Deno.test("text2vec-cohere: a missing key names the header and env for queries, no call", async () => {
  await withCohere(cohereEmbedHandler, async (server, embed) => {
    await rejectsWith(
      embed(TEXTS, { headers: {} }),
      "Cohere API Key: no api key found neither in request header: X-Cohere-Api-Key nor in " +
        "environment variable under COHERE_APIKEY",
    );
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("text2vec-cohere: a missing key at start-up names the env variable only", async () => {
  await withCohere(cohereEmbedHandler, async (server, embed) => {
    await rejectsWith(
      embed(TEXTS, { purpose: "document", headers: {} }),
      /^Cohere API Key: no api key found in environment variable under COHERE_KEY: .*at start-up/,
    );
    assert.equal(server.requests.length, 0);
  }, { apiKeyEnv: "COHERE_KEY" });
});

Deno.test("text2vec-cohere: 401 -> 'failed with status 401: <message>', no retry", async () => {
  await withCohere(() => json({ message: "invalid api token" }, 401), async (server, embed) => {
    await rejectsWith(
      embed(),
      "connection to Cohere API failed with status 401: invalid api token",
    );
    assert.equal(server.requests.length, 1);
  });
});

Deno.test("text2vec-cohere: a key echoed by the provider is masked", async () => {
  await withCohere(() => json({ message: `bad token ${KEY}` }, 401), async (_server, embed) => {
    await rejectsWith(embed(), "connection to Cohere API failed with status 401: bad token ***");
  });
});

Deno.test("text2vec-cohere: 429 then 200 -> one retry after Retry-After", async () => {
  const handler: FakeHandler = (req, n, signal) =>
    n === 0
      ? json({ message: "too many requests" }, 429, { "retry-after": "1" })
      : cohereEmbedHandler(req, n, signal);
  await withCohere(handler, async (server, embed) => {
    const started = Date.now();
    assert.deepEqual(await embed(), TEXTS.map(conceptVector));
    assert.ok(Date.now() - started >= 900, "waited for Retry-After");
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[1].body, server.requests[0].body);
  });
});

Deno.test("text2vec-cohere: 500 twice -> exactly one retry, then the error", async () => {
  await withCohere(() => json({ message: "internal server error" }, 500), async (server, embed) => {
    await rejectsWith(
      embed(),
      "connection to Cohere API failed with status 500: internal server error",
    );
    assert.equal(server.requests.length, 2);
  });
});

Deno.test("text2vec-cohere: a slow answer times out with the URL and the budget", async () => {
  // Issue 11 item 13: the configured base URL (here loopback, in production maybe an internal
  // host) no longer appears in client-visible texts; it reads `<configured base URL>`.
  await withCohere((_r, _n, signal) => hang(signal), async (_server, embed) => {
    await rejectsWith(
      embed(),
      `send POST request: Post "<configured base URL>/v2/embed": context deadline exceeded ` +
        "(timeout after 300 ms)",
    );
  }, { timeoutMs: 300 });
});

Deno.test("text2vec-cohere: truncated JSON -> 'unmarshal error from response body: ...'", async () => {
  await withCohere(() => raw('{"id":"x","embeddings":{"float":[[0.1,0.'), async (_s, embed) => {
    await rejectsWith(embed(), /^unmarshal error from response body: .+/);
  });
});

Deno.test("text2vec-cohere: malformed JSON error body -> unmarshal error, no retry on 400", async () => {
  await withCohere(() => raw("{message: nope}", 400), async (server, embed) => {
    await rejectsWith(embed(), /^unmarshal error from response body: .+/);
    assert.equal(server.requests.length, 1);
  });
});

Deno.test("text2vec-cohere: an answer without float embeddings is an unmarshal error", async () => {
  await withCohere(() => json({ id: "x", embeddings: { int8: [[1]] } }), async (_s, embed) => {
    await rejectsWith(
      embed(),
      "unmarshal error from response body: no float embeddings in response",
    );
  });
});

Deno.test("text2vec-cohere: the wrong number of embeddings is an error", async () => {
  await withCohere(() => json({ id: "x", embeddings: { float: [[1, 2]] } }), async (_s, embed) => {
    await rejectsWith(embed(), "Cohere returned 1 embeddings for 3 texts");
  });
});

Deno.test("text2vec-cohere: vectors must keep the length of the first answer", async () => {
  const handler: FakeHandler = (req) => {
    const { texts } = JSON.parse(req.body) as { texts: string[] };
    const d = texts[0] === "second" ? 3 : 4;
    return json({ id: "x", embeddings: { float: texts.map(() => new Array(d).fill(0.5)) } });
  };
  await withCohere(handler, async (_s, embed, vectorizer) => {
    await embed(["first"]);
    assert.equal(vectorizer.dimensions, 4);
    await rejectsWith(
      embed(["second"]),
      "the provider returned a vector of 3 dimensions, expected 4 (its first answer)",
    );
  });
  await withCohere(handler, async (_s, embed) => {
    await rejectsWith(
      embed(["first"]),
      'the provider returned a vector of 4 dimensions, expected 1024 (the configured "dimensions")',
    );
  }, { dimensions: 1024 });
});

Deno.test("text2vec-cohere: the caller's abort cancels the call with its reason", async () => {
  const ctl = new AbortController();
  const reason = new Error("request cancelled");
  const handler: FakeHandler = (_r, _n, signal) => {
    ctl.abort(reason);
    return hang(signal);
  };
  await withCohere(handler, async (_server, embed) => {
    await assert.rejects(embed(TEXTS, { signal: ctl.signal }), (err) => err === reason);
  });
});

Deno.test("text2vec-cohere: X-Cohere-Baseurl must be https and public unless allowed", async () => {
  await withCohere(cohereEmbedHandler, async (server, embed) => {
    await rejectsWith(
      embed(TEXTS, { headers: { "x-cohere-api-key": KEY, "x-cohere-baseurl": server.url } }),
      "X-Cohere-Baseurl: base URL must use https",
    );
    assert.equal(server.requests.length, 0);
  });
  const other = startFakeServer(cohereEmbedHandler);
  try {
    await withCohere(cohereEmbedHandler, async (server, embed) => {
      await embed(TEXTS, { headers: { "x-cohere-api-key": KEY, "x-cohere-baseurl": other.url } });
      assert.equal(server.requests.length, 0);
      assert.equal(other.requests[0].path, "/v2/embed");
    }, { allowPrivateBaseUrls: true });
  } finally {
    await other.close();
  }
});
