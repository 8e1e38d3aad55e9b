import { defaultConfig, offlineConfig } from "../../src/pipeline/catalog.ts";
import assert from "node:assert/strict";
import { denoFiles } from "../../src/runtime/files.ts";
import { join } from "node:path";
import { buildServices } from "../../src/pipeline/build_services.ts";

import {
  autoPullEnabled,
  ensureModels,
  type EnsureModelsOptions,
  filesFor,
  requiredModels,
} from "../../src/models/ensure.ts";
import { builtinManifest, type Manifest } from "../../src/models/manifest.ts";
import { type TestCollection, testConfig } from "../helpers/harness.ts";
import { startHub, tinyManifest, tinyRepoFiles } from "./hub_server.ts";
import { testRuntime } from "../../tools/testing/runtime.ts";

const files = tinyRepoFiles();
/** `tiny-test` and a copy of it, `tiny-two`, both served by the fake Hub. */
const manifest: Manifest = (() => {
  const m = tinyManifest(files);
  return { ...m, models: { ...m.models, "tiny-two": structuredClone(m.models["tiny-test"]) } };
})();

/** A class reranked by the local cross-encoder with `model`, and one embedded by `embedder`. */
function config(reranker: string, embedder?: string) {
  return testConfig([
    {
      class: "Doc",
      properties: { text: "text" },
      records: [],
      moduleConfig: { "reranker-transformers": { model: reranker } },
    },
    ...(embedder
      ? [
        <TestCollection> {
          class: "Other",
          properties: { text: "text" },
          records: [],
          vectorizer: "text2vec-transformers",
          moduleConfig: { "text2vec-transformers": { model: embedder } },
        },
      ]
      : []),
  ]);
}

async function withDir(fn: (dir: string, out: string[]) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "ensure-" });
  try {
    await fn(dir, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function opts(dir: string, out: string[], extra: Partial<EnsureModelsOptions> = {}) {
  return { fs: denoFiles, manifest, modelsDir: dir, write: (t: string) => out.push(t), ...extra };
}

/** A loopback port nothing listens on (connection refused). */
function refusedUrl(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return `http://127.0.0.1:${port}`;
}

Deno.test("ensureModels: pulls the missing models the config names, with progress; skips them once present", async () => {
  const hub = startHub(files, { cutOnce: new Set(), ignoreRange: false });
  try {
    await withDir(async (dir, out) => {
      const report = await ensureModels(
        config("tiny-test", "tiny-two"),
        opts(dir, out, { baseUrl: hub.url }),
      );
      assert.deepEqual(report, { present: [], pulled: ["tiny-test", "tiny-two"], missing: [] });
      const text = out.join("");
      assert.match(text, /pulling model tiny-test for Doc \(reranker-transformers\)/);
      assert.match(text, /pulling model tiny-two for Other \(text2vec-transformers\)/);
      assert.match(text, /model\.onnx \[#+\] [\d.]+\/[\d.]+ MiB 100%/, "a progress bar");
      assert.match(text, /config\.json: downloaded, \d+ bytes, sha256 verified/);
      assert.deepEqual(
        await Deno.readFile(join(dir, "tiny-test", "model.onnx")),
        files.get("onnx/model.onnx"),
      );
      const requests = hub.ranges.length;
      out.length = 0;
      const again = await ensureModels(
        config("tiny-test", "tiny-two"),
        opts(dir, out, { baseUrl: hub.url }),
      );
      assert.deepEqual(again, { present: ["tiny-test", "tiny-two"], pulled: [], missing: [] });
      assert.equal(hub.ranges.length, requests, "nothing is fetched for present models");
      assert.deepEqual(out, []);
    });
  } finally {
    await hub.close();
  }
});

Deno.test("ensureModels: offline (connection refused) warns with the pull command and start-up goes on", async () => {
  await withDir(async (dir, out) => {
    const report = await ensureModels(
      config("tiny-test", "tiny-two"),
      opts(dir, out, { baseUrl: refusedUrl() }),
    );
    assert.deepEqual(report, { present: [], pulled: [], missing: ["tiny-test", "tiny-two"] });
    const text = out.join("");
    assert.match(text, /warning: could not pull model tiny-test: could not reach 127\.0\.0\.1:\d+/);
    assert.match(text, /fail until you run `deno task models pull tiny-test`/);
    // The second model is not tried against an unreachable Hub, but still named.
    assert.match(text, /warning: could not pull model tiny-two: skipped, the Hub is unreachable/);
    assert.match(text, /`deno task models pull tiny-two`/);
    await assert.rejects(
      Deno.stat(join(dir, "tiny-test")),
      Deno.errors.NotFound,
      "no empty folder",
    );
    // The gateway still builds: the cross-encoder loads at its first rerank.
    const services = await buildServices(config("tiny-test"), {
      runtime: testRuntime({ readText: () => Promise.resolve("[]"), modelsDir: dir }),
    });
    assert.ok(services.collections.get("Doc")?.reranker);
  });
});

Deno.test("ensureModels: a Hub that never answers times out instead of hanging start-up", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) conns.push(conn);
  })().catch(() => {});
  try {
    await withDir(async (dir, out) => {
      const report = await ensureModels(
        config("tiny-test"),
        opts(dir, out, { baseUrl: `http://127.0.0.1:${port}`, connectTimeoutMs: 200 }),
      );
      assert.deepEqual(report.missing, ["tiny-test"]);
      assert.match(out.join(""), /no answer within 0\.2 s.*\n.*deno task models pull tiny-test/);
    });
  } finally {
    listener.close();
    conns.forEach((c) => c.close());
    await accepting;
  }
});

Deno.test("ensureModels: GATEWAY_AUTO_PULL=0 fetches nothing and says how to pull", async () => {
  await withDir(async (dir, out) => {
    const report = await ensureModels(
      config("tiny-test"),
      opts(dir, out, {
        baseUrl: refusedUrl(),
        env: (name) => name === "GATEWAY_AUTO_PULL" ? "0" : undefined,
      }),
    );
    assert.deepEqual(report, { present: [], pulled: [], missing: ["tiny-test"] });
    assert.match(
      out.join(""),
      /^warning: model tiny-test is not downloaded and GATEWAY_AUTO_PULL is off: run `deno task models pull tiny-test`/,
    );
  });
  assert.equal(autoPullEnabled(() => undefined), true);
  assert.equal(autoPullEnabled(() => "1"), true);
  for (const off of ["0", "false", "no", "OFF"]) assert.equal(autoPullEnabled(() => off), false);
});

Deno.test("requiredModels: the sample config needs the MiniLM embedder and cross-encoder; the offline one nothing", () => {
  const m = builtinManifest();
  assert.deepEqual(requiredModels(defaultConfig(), m), [
    {
      id: "all-MiniLM-L6-v2",
      dtype: undefined,
      usedBy: ["JeopardyQuestion (text2vec-transformers)"],
    },
    {
      id: "ms-marco-MiniLM-L-6-v2",
      dtype: undefined,
      usedBy: ["JeopardyQuestion (reranker-transformers)"],
    },
  ]);
  assert.deepEqual(requiredModels(offlineConfig(), m), []);
  // Paths, containers (`url`) and unknown ids are not pulled.
  const other = testConfig([
    {
      class: "A",
      properties: {},
      records: [],
      moduleConfig: { "reranker-transformers": { model: "./m" } },
    },
    {
      class: "B",
      properties: {},
      records: [],
      moduleConfig: { "reranker-transformers": { url: "http://r:8080" } },
    },
  ]);
  assert.deepEqual(requiredModels(other, m), []);
});

Deno.test("filesFor: fp32 pulls model.onnx, int8 model_quantized.onnx, both with tokenizer and config", () => {
  const model = builtinManifest().models["ms-marco-MiniLM-L-6-v2"];
  assert.deepEqual(filesFor(model, undefined).sort(), [
    "config.json",
    "model.onnx",
    "tokenizer.json",
  ]);
  assert.deepEqual(
    filesFor(model, "int8").sort(),
    ["config.json", "model_quantized.onnx", "tokenizer.json"],
  );
});

Deno.test("ensureModels: model URLs are skipped: nothing to pull, nothing fetched or written", async () => {
  await withDir(async (dir, out) => {
    let fetched = 0;
    const report = await ensureModels(
      config("https://huggingface.co/acme/tiny-test/resolve/main/", "https://cdn.example/e/"),
      opts(dir, out, {
        fetch: () => {
          fetched++;
          return Promise.reject(new Error("no fetch expected"));
        },
      }),
    );
    assert.deepEqual(report, { present: [], pulled: [], missing: [] });
    assert.deepEqual(out, []);
    assert.equal(fetched, 0);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  });
});
