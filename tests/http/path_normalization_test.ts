/**
 * The auth decision and the router see one normalised path: repeated slashes collapsed, dot
 * segments resolved, percent-encoded unreserved characters decoded, a trailing slash dropped. A
 * path spelled differently is authenticated exactly like the route it reaches.
 */
import assert from "node:assert/strict";
import { isNormalPath, normalizePath } from "../../src/http/normalize_path.ts";
import { fakeServices, testApp } from "./fake_services.ts";

const ALIASES_OF_GRAPHQL = [
  "//v1/graphql",
  "/v1//graphql",
  "/v1/./graphql",
  "/v1/%67raphql",
  "/%761/graphql",
  "/v1/graphql/",
  "/v1/.well-known/%2e%2e/graphql",
  "/v1/%2Ewell-known/../graphql",
];

Deno.test("path: aliases of a protected route need the key, and reach the route with it", async () => {
  const app = testApp(fakeServices({ anonymousAccessEnabled: false, apiKeys: ["k1"] }));
  const body = JSON.stringify({ query: "{Get{Note{body}}}" });
  for (const path of ALIASES_OF_GRAPHQL) {
    const init = (auth?: string) => ({
      method: "POST",
      headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
      body,
    });
    const anon = await app.request(path, init());
    assert.equal(anon.status, 401, `${path} without a key`);
    await anon.body?.cancel();
    const keyed = await app.request(path, init("Bearer k1"));
    assert.equal(keyed.status, 200, `${path} with the key`);
    assert.deepEqual(await keyed.json(), { data: { Get: { Note: [] } } });
  }
});

Deno.test("path: aliases of a public probe stay public", async () => {
  const app = testApp(fakeServices({ anonymousAccessEnabled: false, apiKeys: ["k1"] }));
  for (const path of ["//v1/.well-known/live", "/v1/.well-known/live/", "/v1/%2Ewell-known/live"]) {
    const res = await app.request(path);
    assert.equal(res.status, 200, path);
  }
});

Deno.test("path: normalizePath", () => {
  assert.equal(normalizePath("/"), "/");
  assert.equal(normalizePath(""), "/");
  assert.equal(normalizePath("//v1///graphql//"), "/v1/graphql");
  assert.equal(normalizePath("/v1/./a/../graphql"), "/v1/graphql");
  assert.equal(normalizePath("/../../v1"), "/v1");
  assert.equal(normalizePath("/v1/%2e%2E/x"), "/x");
  assert.equal(normalizePath("/v1/%67%72aphql"), "/v1/graphql");
  // Reserved characters stay encoded (upper-case hex): `%2F` is not a separator.
  assert.equal(normalizePath("/v1/a%2fb"), "/v1/a%2Fb");
  assert.equal(normalizePath("/v1/a%20b%zz"), "/v1/a%20b%zz");
});

Deno.test("path: isNormalPath is true only for paths normalizePath leaves as they are", () => {
  const paths = [
    ...ALIASES_OF_GRAPHQL,
    "/",
    "",
    "/v1/graphql",
    "/v1/.well-known/live",
    "/v1/schema/Article",
    "/v1/a.b/c..d/.e",
    "/v1/a%2Fb",
    "/v1/.",
    "/v1/..",
    "/./v1",
    "v1",
    "/v1/",
    "/v1/graphql//",
  ];
  for (const path of paths) {
    const normal = normalizePath(path) === path;
    if (isNormalPath(path)) assert.ok(normal, `${path} is taken as normal but is not`);
    else if (!path.includes("%")) assert.equal(normal, false, `${path} is normal`);
  }
  assert.equal(isNormalPath("/v1/graphql"), true);
  assert.equal(isNormalPath("/"), true);
  assert.equal(isNormalPath("/v1/a.b/c..d/.e"), true);
});
