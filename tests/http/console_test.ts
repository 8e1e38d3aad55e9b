/**
 * The console's routes without a browser (tests/http/console_browser_test.ts runs it in Chromium):
 * which requests get the page, that the page and assets are public while queries keep their
 * authentication, and that the vendored assets are the npm files the vendor README lists.
 */
import assert from "node:assert/strict";
import { createApp } from "../../src/http/app.ts";
import { CONSOLE_ASSETS, type ConsoleAssets, SEED_QUERY } from "../../src/http/console.ts";
import { vendoredConsoleAssets } from "../../src/runtime/deno_startup.ts";
import { denoFiles } from "../../src/runtime/files.ts";
import { fakeServices } from "./fake_services.ts";

const HTML = { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" };
const assets: ConsoleAssets = vendoredConsoleAssets(denoFiles);

Deno.test("console: GET /v1/graphql with Accept text/html is GraphiQL; other GETs stay 404", async () => {
  const app = createApp(fakeServices(), { console: assets });
  const page = await app.request("/v1/graphql", { headers: HTML });
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
  const html = await page.text();
  assert.match(html, /<script src="\/v1\/console\/graphiql\.min\.js"><\/script>/);
  assert.doesNotMatch(html, /https?:\/\//, "no CDN, no absolute URL");
  const json = await app.request("/v1/graphql", { headers: { Accept: "application/json" } });
  assert.equal(json.status, 404);
  await json.body?.cancel();
  // Without assets (the Workers build) there is no console.
  const none = await createApp(fakeServices()).request("/v1/graphql", { headers: HTML });
  assert.equal(none.status, 404);
  await none.body?.cancel();
});

Deno.test("console: assets are served with their types; unknown names are 404", async () => {
  const app = createApp(fakeServices(), { console: assets });
  for (const [name, type] of Object.entries(CONSOLE_ASSETS)) {
    const res = await app.request(`/v1/console/${name}`);
    assert.equal(res.status, 200, name);
    assert.equal(res.headers.get("content-type"), type);
    assert.ok((await res.arrayBuffer()).byteLength > 1000, name);
  }
  for (const bad of ["/v1/console/README.md", "/v1/console/..%2fconsole.ts", "/v1/console/x.js"]) {
    const res = await app.request(bad);
    assert.equal(res.status, 404, bad);
    await res.body?.cancel();
  }
});

Deno.test("console: with anonymous access off the page is public, asks for a key; queries need one", async () => {
  const app = createApp(fakeServices({ anonymousAccessEnabled: false, apiKeys: ["k1"] }), {
    console: assets,
  });
  const page = await app.request("/v1/graphql", { headers: HTML });
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /paste your API key/);
  const config = JSON.parse(html.match(/id="console-config">([^<]*)</)![1]);
  assert.deepEqual(JSON.parse(config.headers), { Authorization: "Bearer " });
  assert.equal(config.auth, true);
  const asset = await app.request("/v1/console/react.production.min.js");
  assert.equal(asset.status, 200);
  await asset.body?.cancel();
  const query = await app.request("/v1/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query: "{ Get { JeopardyQuestion { answer } } }" }),
  });
  assert.equal(query.status, 401);
  await query.body?.cancel();
});

Deno.test("console: the page opens with the seed query, as JSON that cannot close the script", async () => {
  const page = await createApp(fakeServices(), { console: assets }).request("/v1/graphql", {
    headers: HTML,
  });
  const html = await page.text();
  const config = JSON.parse(html.match(/id="console-config">([^<]*)</)![1]);
  assert.equal(config.url, "/v1/graphql");
  assert.equal(config.headers, "", "no Authorization template when anonymous access is on");
  assert.ok(config.query === SEED_QUERY || /Get \{/.test(config.query), config.query);
});

Deno.test("console: the vendored assets are the npm files listed in the vendor README", async () => {
  const readme = await Deno.readTextFile(
    new URL("../../src/http/console/vendor/README.md", import.meta.url),
  );
  for (const name of Object.keys(CONSOLE_ASSETS)) {
    const row = readme.split("\n").find((l) => l.startsWith(`| \`${name}\``));
    assert.ok(row, `${name} is listed`);
    const expected = row.match(/`([0-9a-f]{64})`/)![1];
    const bytes = (await assets.read(name))!;
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
    const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
    assert.equal(hex, expected, name);
  }
});
