/**
 * Issue 11 item 2: no provider or upstream call follows a redirect; a 3xx answer is a clear
 * error and the redirect target gets no request.
 */
import assert from "node:assert/strict";
import { type FakeServer, json, startFakeServer } from "../rerankers/fake_server.ts";
import { getJson, postJson } from "../../src/remote/json_http.ts";
import { PROVIDERS } from "./providers.ts";

const KEY = "client-request-key-41b2";

/** A server that answers every request with `<status> Location: <target><path>`. */
function bouncer(target: string, path = "", status = 302): FakeServer {
  return startFakeServer(() =>
    new Response(null, { status, headers: { location: `${target}${path}` } })
  );
}

for (const p of PROVIDERS) {
  // 307 keeps method and body: a followed redirect would get a real answer from the target.
  for (const status of [302, 307]) {
    Deno.test(`${p.name}: a ${status} answer is an error and is not followed`, async () => {
      const internal = startFakeServer(p.handler);
      const bounce = bouncer(internal.url, p.path, status);
      try {
        const call = p.make({ baseURL: bounce.url });
        await assert.rejects(call({ [p.keyHeader]: KEY }), (err: Error) => {
          assert.match(err.message, new RegExp(`status ${status}: redirects are not followed`));
          assert.ok(!err.message.includes(internal.url), err.message);
          return true;
        });
        assert.equal(bounce.requests.length, 1, "no retry of a redirect");
        assert.equal(internal.requests.length, 0, "the redirect target must get no request");
      } finally {
        await bounce.close();
        await internal.close();
      }
    });
  }
}

Deno.test("json_http: POST and GET to an upstream store do not follow redirects", async () => {
  const internal = startFakeServer(() => json({ result: [] }));
  const bounce = bouncer(internal.url);
  try {
    const common = {
      url: `${bounce.url}/collections/c/points/query`,
      headers: {},
      signal: new AbortController().signal,
      timeoutMs: 5000,
      label: "qdrant upstream",
      secrets: [],
      errorText: (status: number) => `status ${status}`,
    };
    for (const call of [() => postJson({ ...common, body: {} }), () => getJson(common)]) {
      await assert.rejects(call(), {
        message: "qdrant upstream: status 302: redirects are not followed",
      });
    }
    assert.equal(internal.requests.length, 0);
  } finally {
    await bounce.close();
    await internal.close();
  }
});
