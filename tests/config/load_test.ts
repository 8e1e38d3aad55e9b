import {
  defaultConfig,
  loadConfig,
  offlineConfig,
  parseConfig,
} from "../../src/pipeline/catalog.ts";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultRawConfig, offlineRawConfig, sampleDataPath } from "../../src/config/default.ts";
import { resolveStoreFiles } from "../../src/config/load.ts";
import { ConfigError } from "../../src/config/schema.ts";
import type { EmbeddedStoreConfig } from "../../src/stores/embedded/config.ts";

const signal = new AbortController().signal;
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** An in-memory file system for loadConfig. */
function memoryReader(files: Record<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    readText(path: string): Promise<string> {
      reads.push(path);
      const text = files[path];
      return text === undefined
        ? Promise.reject(new Error(`No such file or directory: ${path}`))
        : Promise.resolve(text);
    },
  };
}

const minimal = (files: string[]) =>
  JSON.stringify({
    collections: [{
      class: "Doc",
      properties: [{ name: "text", dataType: ["text"] }],
      store: { kind: "embedded", files },
    }],
  });

Deno.test("loadConfig: no path gives the built-in default", async () => {
  const reader = memoryReader({});
  const config = await loadConfig({ readText: reader.readText, signal });
  assert.deepEqual(config, defaultConfig());
  assert.deepEqual(reader.reads, []);
});

Deno.test("loadConfig: store files resolve against the config file's folder", async () => {
  const reader = memoryReader({
    "/etc/gateway/gateway.json": minimal(["data/a.json", "../shared/b.jsonl", "/abs/c.json"]),
  });
  const config = await loadConfig({
    path: "/etc/gateway/gateway.json",
    readText: reader.readText,
    signal,
  });
  assert.deepEqual((config.collections[0].store as EmbeddedStoreConfig).files, [
    "/etc/gateway/data/a.json",
    "/etc/shared/b.jsonl",
    "/abs/c.json",
  ]);
});

Deno.test("loadConfig: a relative config path is read as an absolute path", async () => {
  const abs = join(Deno.cwd(), "conf", "g.json");
  const reader = memoryReader({ [abs]: minimal(["x.json"]) });
  const config = await loadConfig({ path: "conf/g.json", readText: reader.readText, signal });
  assert.deepEqual(reader.reads, [abs]);
  assert.deepEqual((config.collections[0].store as EmbeddedStoreConfig).files, [
    join(Deno.cwd(), "conf", "x.json"),
  ]);
});

Deno.test("loadConfig: invalid JSON is a ConfigError naming the file", async () => {
  const reader = memoryReader({ "/g.json": "{ collections: [] }" });
  await assert.rejects(
    loadConfig({ path: "/g.json", readText: reader.readText, signal }),
    (err: unknown) =>
      err instanceof ConfigError && err.problems.length === 1 &&
      err.problems[0].startsWith("invalid JSON: ") && err.message.includes("in /g.json"),
  );
});

Deno.test("loadConfig: an unreadable file is a ConfigError", async () => {
  const reader = memoryReader({});
  await assert.rejects(
    loadConfig({ path: "/missing.json", readText: reader.readText, signal }),
    (err: unknown) =>
      err instanceof ConfigError &&
      err.problems[0] ===
        "cannot read the config file: No such file or directory: /missing.json",
  );
});

Deno.test("loadConfig: validation problems are all in the ConfigError", async () => {
  const reader = memoryReader({
    "/g.json": JSON.stringify({ collections: [{ class: "x", properties: [], store: {} }] }),
  });
  await assert.rejects(
    loadConfig({ path: "/g.json", readText: reader.readText, signal }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(err.problems, [
        'collections[0].class: invalid class name "x": must match /^[A-Z][_0-9A-Za-z]*$/ ' +
        '(did you mean "X"?)',
        "collections[0].store.kind: is required",
      ]);
      return true;
    },
  );
});

Deno.test("loadConfig: an abort is passed through, not turned into a ConfigError", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(
    loadConfig({
      path: "/g.json",
      readText: () => Promise.reject(controller.signal.reason),
      signal: controller.signal,
    }),
    (err: unknown) => !(err instanceof ConfigError) && (err as Error).message === "stop",
  );
});

Deno.test("resolveStoreFiles: leaves absolute paths alone", () => {
  const r = parseConfig(JSON.parse(minimal(["/a.json", "b.json"])));
  assert.ok(r.ok);
  const resolved = resolveStoreFiles(r.config, "/base");
  assert.deepEqual((resolved.collections[0].store as EmbeddedStoreConfig).files, [
    "/a.json",
    "/base/b.json",
  ]);
});

const PROPERTIES = [
  ["question", "text"],
  ["answer", "text"],
  ["category", "text"],
  ["value", "int"],
  ["round", "text"],
  ["airDate", "date"],
];

Deno.test("default config: JeopardyQuestion over the sample data with MiniLM embedder + cross-encoder", () => {
  const config = defaultConfig();
  assert.equal(config.collections.length, 1);
  const c = config.collections[0];
  assert.equal(c.class, "JeopardyQuestion");
  assert.deepEqual(c.properties.map((p) => [p.name, p.dataType[0]]), PROPERTIES);
  assert.equal(c.vectorizer, "text2vec-transformers");
  assert.deepEqual(c.moduleConfig, {
    "text2vec-transformers": { model: "all-MiniLM-L6-v2" },
    "reranker-transformers": { model: "ms-marco-MiniLM-L-6-v2" },
  });
  assert.deepEqual((c.store as EmbeddedStoreConfig).files, [
    join(root, "data", "trivia_sample.json"),
  ]);
  assert.equal(sampleDataPath(), join(root, "data", "trivia_sample.json"));
  assert.ok(parseConfig(defaultRawConfig("x.json")).ok);
});

Deno.test("offline sample config: the same collection with text2vec-hash + reranker-dummy", () => {
  const neural = defaultConfig().collections[0];
  const c = offlineConfig().collections[0];
  assert.equal(c.vectorizer, "text2vec-hash");
  assert.deepEqual(c.moduleConfig, { "text2vec-hash": {}, "reranker-dummy": {} });
  assert.deepEqual(
    { ...c, vectorizer: "", moduleConfig: {} },
    { ...neural, vectorizer: "", moduleConfig: {} },
  );
  assert.ok(parseConfig(offlineRawConfig("x.json")).ok);
});

async function loadFile(name: string) {
  return await loadConfig({
    path: join(root, name),
    readText: (p, s) => Deno.readTextFile(p, { signal: s }),
    signal,
  });
}

Deno.test("gateway.example.json validates and equals the built-in default", async () => {
  assert.deepEqual(await loadFile("gateway.example.json"), defaultConfig());
});

Deno.test("gateway.offline.json validates and equals the built-in offline sample", async () => {
  assert.deepEqual(await loadFile("gateway.offline.json"), offlineConfig());
});

Deno.test("loadConfig: inline JSON (GATEWAY_CONFIG_JSON) reads no file; store files are relative to baseDir", async () => {
  const reader = memoryReader({});
  const config = await loadConfig({
    text: minimal(["data/a.json", "/abs.json"]),
    source: "GATEWAY_CONFIG_JSON",
    baseDir: "/srv/app",
    readText: reader.readText,
    signal,
  });
  assert.deepEqual(reader.reads, []);
  const store = config.collections[0].store as EmbeddedStoreConfig;
  assert.deepEqual(store.files, ["/srv/app/data/a.json", "/abs.json"]);
  await assert.rejects(
    loadConfig({ text: "{", source: "GATEWAY_CONFIG_JSON", readText: reader.readText, signal }),
    (err: unknown) =>
      err instanceof ConfigError && err.message.includes("in GATEWAY_CONFIG_JSON") &&
      /invalid JSON/.test(err.problems[0]),
  );
  await assert.rejects(
    loadConfig({ text: '{"collections":[]}', readText: reader.readText, signal }),
    (err: unknown) =>
      err instanceof ConfigError && err.message.includes("in inline config") &&
      err.problems[0].startsWith("collections"),
  );
});
