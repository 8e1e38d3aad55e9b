/**
 * Issue 11 item 6 (answer side): provider and upstream answers are read as a stream with a byte
 * cap; a larger answer is a clear error and the rest of the body is not read.
 */
import assert from "node:assert/strict";
import { startFakeServer } from "../rerankers/fake_server.ts";
import { getJson, postJson } from "../../src/remote/json_http.ts";
import { PROVIDERS } from "./providers.ts";

const KEY = "client-request-key-41b2";
const CAP = 64 * 1024;

/** An endless JSON-looking body; `cancelled` resolves when the reader gives up on it. */
function endless(): { response: () => Response; cancelled: Promise<void> } {
  let markCancelled!: () => void;
  const cancelled = new Promise<void>((resolve) => markCancelled = resolve);
  const chunk = new TextEncoder().encode(`${" ".repeat(16 * 1024)}`);
  return {
    cancelled,
    response: () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"results":['));
          },
          pull(c) {
            c.enqueue(chunk);
          },
          cancel() {
            markCancelled();
          },
        }),
        { headers: { "content-type": "application/json" } },
      ),
  };
}

/** Resolves with "cancelled" when the server saw the client stop reading, else "timeout". */
function within(p: Promise<void>, ms: number): Promise<string> {
  let id: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.then(() => "cancelled"),
    new Promise<string>((r) => id = setTimeout(() => r("timeout"), ms)),
  ]).finally(() => clearTimeout(id));
}

for (const p of PROVIDERS) {
  Deno.test(`${p.name}: an answer over maxResponseBytes is an error and the read stops`, async () => {
    const body = endless();
    const server = startFakeServer(() => body.response());
    try {
      const call = p.make({ baseURL: server.url, maxResponseBytes: CAP, timeoutMs: 3000 });
      await assert.rejects(call({ [p.keyHeader]: KEY }), (err: Error) => {
        assert.match(err.message, new RegExp(`answer exceeds the limit of ${CAP} bytes`));
        return true;
      });
      assert.equal(await within(body.cancelled, 2000), "cancelled");
      assert.equal(server.requests.length, 1, "an oversized answer is not retried");
    } finally {
      await server.close();
    }
  });
}

Deno.test("json_http: an upstream answer over maxBytes is an error and the read stops", async () => {
  for (const method of ["POST", "GET"]) {
    const body = endless();
    const server = startFakeServer(() => body.response());
    try {
      const opts = {
        url: `${server.url}/v1/schema/Thing`,
        headers: {},
        signal: new AbortController().signal,
        timeoutMs: 3000,
        label: "weaviate upstream",
        secrets: [],
        errorText: (status: number) => `status ${status}`,
        maxBytes: CAP,
      };
      const call = method === "POST" ? postJson({ ...opts, body: {} }) : getJson(opts);
      await assert.rejects(call, {
        message: `weaviate upstream: answer exceeds the limit of ${CAP} bytes ` +
          "(modules.maxResponseBytes)",
      });
      assert.equal(await within(body.cancelled, 2000), "cancelled", method);
    } finally {
      await server.close();
    }
  }
});

Deno.test("json_http: a Content-Length over the cap fails before the body is read", async () => {
  const server = startFakeServer(() =>
    new Response("x".repeat(CAP + 1), { headers: { "content-type": "application/json" } })
  );
  try {
    await assert.rejects(
      postJson({
        url: `${server.url}/q`,
        body: {},
        headers: {},
        signal: new AbortController().signal,
        timeoutMs: 3000,
        label: "qdrant upstream",
        secrets: [],
        errorText: (status) => `status ${status}`,
        maxBytes: CAP,
      }),
      { message: /^qdrant upstream: answer exceeds the limit of 65536 bytes/ },
    );
  } finally {
    await server.close();
  }
});
