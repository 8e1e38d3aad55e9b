import assert from "node:assert/strict";
import { timingSafeEqual } from "../../src/http/auth.ts";
import { fakeServices, testApp } from "./fake_services.ts";

const INVALID = { code: 401, message: "unauthorized: invalid api key" };
const ANONYMOUS = {
  code: 401,
  message:
    "anonymous access not enabled. Please authenticate through one of the available methods: [API-keys, OIDC]",
};
const NO_SCHEME = {
  code: 401,
  message: "no authentication scheme is configured (API Key or OIDC), but an 'Authorization' " +
    "header was provided. Please configure an auth scheme or remove the header for anonymous " +
    "access",
};

function post(app: ReturnType<typeof testApp>, headers: Record<string, string> = {}) {
  return app.request("/v1/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: "{Get{Article{title}}}" }),
  });
}

async function assert401(res: Response, body: unknown): Promise<void> {
  assert.equal(res.status, 401);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  assert.deepEqual(await res.json(), body);
}

Deno.test("auth: anonymous access allowed without a header", async () => {
  const res = await post(testApp(fakeServices()));
  assert.equal(res.status, 200);
});

Deno.test("auth: anonymous disabled and no header -> Weaviate's 401 body", async () => {
  const app = testApp(fakeServices({ anonymousAccessEnabled: false, apiKeys: ["k1"] }));
  await assert401(await post(app), ANONYMOUS);
  await assert401(await app.request("/v1/meta"), ANONYMOUS);
  await assert401(await app.request("/v1/schema"), ANONYMOUS);
});

Deno.test("auth: a configured key is accepted (any of several)", async () => {
  const app = testApp(fakeServices({ anonymousAccessEnabled: false, apiKeys: ["k1", "k2"] }));
  assert.equal((await post(app, { authorization: "Bearer k1" })).status, 200);
  assert.equal((await post(app, { authorization: "Bearer k2" })).status, 200);
  assert.equal((await post(app, { authorization: "bearer k2" })).status, 200);
  assert.equal(
    (await app.request("/v1/meta", { headers: { authorization: "Bearer k2" } })).status,
    200,
  );
});

Deno.test("auth: a key is checked even when anonymous access is enabled", async () => {
  const app = testApp(fakeServices({ apiKeys: ["k1"] }));
  assert.equal((await post(app)).status, 200);
  assert.equal((await post(app, { authorization: "Bearer k1" })).status, 200);
  await assert401(await post(app, { authorization: "Bearer nope" }), INVALID);
});

Deno.test("auth: a wrong, prefixed or non-Bearer key -> invalid api key", async () => {
  const app = testApp(fakeServices({ anonymousAccessEnabled: false, apiKeys: ["k1"] }));
  for (
    const authorization of ["Bearer wrong", "Bearer k1x", "Bearer k", "Basic azE=", "k1", "Bearer "]
  ) {
    await assert401(await post(app, { authorization }), INVALID);
  }
});

Deno.test("auth: a header without any configured key -> no authentication scheme", async () => {
  const app = testApp(fakeServices());
  await assert401(await post(app, { authorization: "Bearer anything" }), NO_SCHEME);
});

Deno.test("auth: the key is never echoed in the response", async () => {
  const app = testApp(fakeServices({ apiKeys: ["k1"] }));
  const res = await post(app, { authorization: "Bearer super-secret-guess" });
  const text = await res.text();
  assert.ok(!text.includes("super-secret-guess"));
  for (const [, value] of res.headers) assert.ok(!value.includes("super-secret-guess"));
});

Deno.test("auth: well-known probes, /v1 and / bypass auth", async () => {
  const app = testApp(fakeServices({ anonymousAccessEnabled: false, apiKeys: ["k1"] }));
  assert.equal((await app.request("/v1/.well-known/live")).status, 200);
  assert.equal((await app.request("/v1/.well-known/ready")).status, 200);
  assert.equal((await app.request("/v1/.well-known/openid-configuration")).status, 404);
  assert.equal((await app.request("/v1")).status, 200);
  assert.equal((await app.request("/")).status, 301);
  // Even a bad key does not block the probes.
  const live = await app.request("/v1/.well-known/live", {
    headers: { authorization: "Bearer wrong" },
  });
  assert.equal(live.status, 200);
});

Deno.test("auth: CORS preflight passes without credentials", async () => {
  const app = testApp(fakeServices({ anonymousAccessEnabled: false, apiKeys: ["k1"] }));
  const res = await app.request("/v1/graphql", { method: "OPTIONS" });
  assert.equal(res.status, 200);
});

Deno.test("auth: 401 responses carry CORS headers", async () => {
  const app = testApp(fakeServices({ anonymousAccessEnabled: false, apiKeys: ["k1"] }));
  const res = await post(app);
  assert.equal(res.status, 401);
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
});

Deno.test("auth: timingSafeEqual compares content and length", () => {
  const e = new TextEncoder();
  assert.equal(timingSafeEqual(e.encode("abc"), e.encode("abc")), true);
  assert.equal(timingSafeEqual(e.encode("abc"), e.encode("abd")), false);
  assert.equal(timingSafeEqual(e.encode("abc"), e.encode("ab")), false);
  assert.equal(timingSafeEqual(e.encode(""), e.encode("")), true);
  assert.equal(timingSafeEqual(e.encode("a\0"), e.encode("a")), false);
});
