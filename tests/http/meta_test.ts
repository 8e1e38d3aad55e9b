import assert from "node:assert/strict";
import { createMetaApp, GATEWAY_VERSION, WEAVIATE_VERSION } from "../../src/http/meta.ts";
import { fakeServices, testApp } from "./fake_services.ts";

Deno.test("meta: Weaviate's shape with the configured modules", async () => {
  const res = await testApp(fakeServices()).request("http://localhost:8080/v1/meta");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body, {
    gateway: { name: "rerank-gateway", version: "0.1.0" },
    grpcMaxMessageSize: 104858000,
    hostname: "http://localhost:8080",
    modules: {
      "reranker-dummy": {
        documentationHref: "https://weaviate.io/developers/weaviate/modules",
        name: "Reranker - Dummy",
      },
      "text2vec-hash": {
        documentationHref: "https://en.wikipedia.org/wiki/Feature_hashing",
        name: "Text2Vec - Hash (lexical feature hashing, built into rerank-gateway)",
      },
    },
    version: "1.39.0",
  });
});

Deno.test("meta: keys come out sorted (Weaviate's JSON order)", async () => {
  const res = await testApp(fakeServices()).request("/v1/meta");
  const text = await res.text();
  const keys = Object.keys(JSON.parse(text));
  assert.deepEqual(keys, [...keys].sort());
});

Deno.test("meta: version satisfies Python v4 / TS v3 (>= 1.27.0)", () => {
  const [major, minor] = WEAVIATE_VERSION.split(".").map(Number);
  assert.ok(major > 1 || (major === 1 && minor >= 27));
});

Deno.test("meta: gateway version matches deno.json", async () => {
  const denoJson = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  );
  assert.equal(GATEWAY_VERSION, denoJson.version);
});

Deno.test("meta: hostname can be fixed by the caller", async () => {
  const app = createMetaApp(fakeServices(), { hostname: "http://[::]:8080" });
  const body = await (await app.request("/v1/meta")).json();
  assert.equal(body.hostname, "http://[::]:8080");
});
