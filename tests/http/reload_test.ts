/**
 * Reload without an outage: `POST /v1/admin/reload` (an API key always required) swaps in
 * services built from the current files; a bad file keeps the old data serving and is logged;
 * a query in flight finishes on the snapshot it started with.
 */
import assert from "node:assert/strict";
import { createApp } from "../../src/http/app.ts";
import { buildServices } from "../../src/pipeline/build_services.ts";
import { createServicesSnapshot } from "../../src/pipeline/snapshot.ts";
import type { Reranker } from "../../src/core/reranker.ts";
import { testRuntime } from "../../tools/testing/runtime.ts";
import { gql, testConfig } from "../helpers/harness.ts";
import { gatedReranker } from "./gated_reranker.ts";

const ID = "d0000000-0000-0000-0000-000000000001";

async function reloadable(opts: { anonymous?: boolean; reranker?: () => Reranker } = {}) {
  const files = new Map([["mem:Question.json", JSON.stringify([{ id: ID, answer: "old" }])]]);
  const config = testConfig([{
    class: "Question",
    properties: { answer: "text" },
    moduleConfig: { "reranker-dummy": {} },
    records: [],
  }], { apiKeys: ["admin-key"], anonymousAccessEnabled: opts.anonymous ?? true });
  const runtime = testRuntime({
    readText: (path) => Promise.resolve(files.get(path) ?? "missing"),
    env: (name) => name === "TEST_API_KEYS" ? "admin-key" : undefined,
  });
  const build = (signal: AbortSignal) =>
    buildServices(config, { runtime, signal, createReranker: opts.reranker });
  const lines: string[] = [];
  const snapshot = createServicesSnapshot(await build(new AbortController().signal), {
    build,
    log: (line) => lines.push(line),
  });
  const app = createApp(snapshot, { log: (line) => lines.push(line) });
  return { app, files, lines, snapshot };
}

function reload(app: ReturnType<typeof createApp>, auth?: string) {
  return app.request("/v1/admin/reload", {
    method: "POST",
    headers: auth ? { authorization: auth } : {},
  });
}

const ANSWERS = "{Get{Question{answer}}}";

Deno.test("reload: the admin endpoint swaps in the new data", async () => {
  const { app, files } = await reloadable();
  assert.deepEqual((await gql(app, ANSWERS)).json, {
    data: { Get: { Question: [{ answer: "old" }] } },
  });
  files.set("mem:Question.json", JSON.stringify([{ id: ID, answer: "new" }]));
  const res = await reload(app, "Bearer admin-key");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { reloaded: true, classes: ["Question"] });
  assert.deepEqual((await gql(app, ANSWERS)).json, {
    data: { Get: { Question: [{ answer: "new" }] } },
  });
});

Deno.test("reload: the admin endpoint needs an API key even with anonymous access on", async () => {
  const { app, files } = await reloadable({ anonymous: true });
  files.set("mem:Question.json", JSON.stringify([{ id: ID, answer: "new" }]));
  for (const auth of [undefined, "Bearer wrong"]) {
    const res = await reload(app, auth);
    assert.equal(res.status, 401, String(auth));
    await res.body?.cancel();
  }
  assert.deepEqual((await gql(app, ANSWERS)).json, {
    data: { Get: { Question: [{ answer: "old" }] } },
  });
  const get = await app.request("/v1/admin/reload", {
    headers: { authorization: "Bearer admin-key" },
  });
  assert.equal(get.status, 404, "POST only");
});

Deno.test("reload: a bad file keeps the old data serving and says why in the log", async () => {
  const { app, files, lines } = await reloadable();
  files.set("mem:Question.json", "[{not json");
  const res = await reload(app, "Bearer admin-key");
  assert.equal(res.status, 422);
  const body = await res.json();
  assert.match(
    body.error[0].message,
    /^reload failed, the previous config and data keep serving: /,
  );
  assert.match(body.error[0].message, /invalid JSON/);
  assert.deepEqual((await gql(app, ANSWERS)).json, {
    data: { Get: { Question: [{ answer: "old" }] } },
  });
  assert.ok(
    lines.some((l) => /reload failed/.test(l) && /mem:Question\.json/.test(l)),
    lines.join("\n"),
  );
});

Deno.test("reload: a query in flight finishes on the snapshot it started with", async () => {
  let gate = gatedReranker();
  const { app, files } = await reloadable({ reranker: () => gate });
  const first = gate;
  const inFlight = gql(
    app,
    '{Get{Question{answer _additional{rerank(property:"answer" query:"a"){score}}}}}',
  );
  await first.started(1);
  gate = gatedReranker();
  gate.open();
  files.set("mem:Question.json", JSON.stringify([{ id: ID, answer: "new" }]));
  try {
    assert.equal((await reload(app, "Bearer admin-key")).status, 200);
    assert.deepEqual((await gql(app, ANSWERS)).json, {
      data: { Get: { Question: [{ answer: "new" }] } },
    });
  } finally {
    first.open();
  }
  const old = await inFlight;
  assert.equal(old.status, 200);
  assert.deepEqual(old.json, {
    data: { Get: { Question: [{ answer: "old", _additional: { rerank: [{ score: 3 }] } }] } },
  });
});
