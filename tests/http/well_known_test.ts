import assert from "node:assert/strict";
import { fakeServices, testApp } from "./fake_services.ts";

Deno.test("well-known: live -> 200, empty body", async () => {
  const res = await testApp(fakeServices()).request("/v1/.well-known/live");
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "");
});

Deno.test("well-known: ready -> 200 by default, 503 until services are ready", async () => {
  assert.equal((await testApp(fakeServices()).request("/v1/.well-known/ready")).status, 200);
  let ready = false;
  const app = testApp(fakeServices({ ready: () => ready }));
  const before = await app.request("/v1/.well-known/ready");
  assert.equal(before.status, 503);
  assert.equal(await before.text(), "");
  ready = true;
  const after = await app.request("/v1/.well-known/ready");
  assert.equal(after.status, 200);
  assert.equal(await after.text(), "");
});

Deno.test("well-known: openid-configuration -> 404, empty body (no OIDC)", async () => {
  const res = await testApp(fakeServices()).request("/v1/.well-known/openid-configuration");
  assert.equal(res.status, 404);
  assert.equal(await res.text(), "");
});

Deno.test("root: GET /v1 lists links like Weaviate's root handler", async () => {
  const res = await testApp(fakeServices()).request("/v1");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.links[0], {
    href: "/v1/meta",
    name: "Meta information about this instance/cluster",
  });
  const hrefs = body.links.map((l: { href: string }) => l.href);
  for (
    const href of [
      "/v1/schema",
      "/v1/graphql",
      "/v1/.well-known/live",
      "/v1/.well-known/ready",
      "/v1/.well-known/openid-configuration",
    ]
  ) assert.ok(hrefs.includes(href), href);
  for (const link of body.links) assert.deepEqual(Object.keys(link), Object.keys(link).sort());
});

Deno.test("root: GET / -> 301 to /v1", async () => {
  const res = await testApp(fakeServices()).request("/");
  assert.equal(res.status, 301);
  assert.equal(res.headers.get("location"), "/v1");
});
