/**
 * Issue 11 item 13 (part): provider error texts carry no fragment of a key (JSON parse errors
 * echo up to 10 characters of the body, which may echo the key) and no operator-configured
 * provider URL (an internal host name or address).
 */
import assert from "node:assert/strict";
import { closedPortUrl, hang, raw, startFakeServer } from "../rerankers/fake_server.ts";
import { postJson } from "../../src/remote/json_http.ts";
import { redactSecrets } from "../../src/remote/redact.ts";
import { PROVIDERS } from "./providers.ts";

const KEY = "sk-live-9f8e7d6c5b4a";

function noFragment(message: string): void {
  for (let i = 0; i + 6 <= KEY.length; i++) {
    const part = KEY.slice(i, i + 6);
    assert.ok(!message.includes(part), `key fragment ${part} in: ${message}`);
  }
}

for (const p of PROVIDERS) {
  for (const status of [200, 400]) {
    Deno.test(`${p.name}: a non-JSON ${status} echoing the key leaks no part of it`, async () => {
      const server = startFakeServer(() => raw(`${KEY} is not a valid key`, status, "text/plain"));
      try {
        const call = p.make({ baseURL: server.url });
        await assert.rejects(call({ [p.keyHeader]: KEY }), (err: Error) => {
          assert.match(err.message, /^unmarshal error from response body: /);
          noFragment(err.message);
          return true;
        });
      } finally {
        await server.close();
      }
    });
  }

  Deno.test(`${p.name}: a timeout names no configured (internal) base URL`, async () => {
    const server = startFakeServer((_r, _n, signal) => hang(signal));
    try {
      const call = p.make({ baseURL: server.url, timeoutMs: 300 });
      await assert.rejects(call({ [p.keyHeader]: KEY }), (err: Error) => {
        assert.equal(
          err.message,
          `send POST request: Post "<configured base URL>${p.path}": context deadline exceeded ` +
            "(timeout after 300 ms)",
        );
        return true;
      });
    } finally {
      await server.close();
    }
  });

  Deno.test(`${p.name}: a refused connection names no configured (internal) base URL`, async () => {
    const url = closedPortUrl();
    const call = p.make({ baseURL: url });
    await assert.rejects(call({ [p.keyHeader]: KEY }), (err: Error) => {
      assert.match(err.message, new RegExp(`^send POST request: Post "<configured base URL>`));
      assert.ok(!err.message.includes("127.0.0.1"), err.message);
      assert.ok(!err.message.includes(new URL(url).port), err.message);
      return true;
    });
  });
}

Deno.test("json_http: a malformed upstream answer echoing the key leaks no part of it", async () => {
  const server = startFakeServer(() => raw(`${KEY} is not valid`, 200));
  try {
    await assert.rejects(
      postJson({
        url: `${server.url}/q`,
        body: {},
        headers: { "api-key": KEY },
        signal: new AbortController().signal,
        timeoutMs: 3000,
        label: "qdrant upstream",
        secrets: [KEY],
        errorText: (s) => `status ${s}`,
      }),
      (err: Error) => {
        assert.match(err.message, /^qdrant upstream: malformed response body: /);
        noFragment(err.message);
        return true;
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("json_http: a refused upstream connection names no internal host", async () => {
  const url = closedPortUrl();
  await assert.rejects(
    postJson({
      url: `${url}/v1/grpc-web/weaviate.v1.Weaviate/Search`,
      body: {},
      headers: {},
      signal: new AbortController().signal,
      timeoutMs: 3000,
      label: "weaviate upstream",
      secrets: [],
      errorText: (s) => `status ${s}`,
    }),
    (err: Error) => {
      assert.match(
        err.message,
        /^weaviate upstream: POST \/v1\/grpc-web\/weaviate.v1.Weaviate\/Search: /,
      );
      assert.ok(!err.message.includes(new URL(url).host), err.message);
      return true;
    },
  );
});

Deno.test("redact: a long fragment of a known secret is masked too", () => {
  assert.equal(
    redactSecrets("Unexpected token 's', \"sk-live-9f\"... is not valid JSON", [KEY]),
    "Unexpected token 's', \"***\"... is not valid JSON",
  );
});
