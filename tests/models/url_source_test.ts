import assert from "node:assert/strict";
import { isModelUnavailable } from "../../src/models/unavailable.ts";
import { sha256Hex } from "../../src/models/url_fetch.ts";
import { redactUrl } from "../../src/remote/redact.ts";
import { clearUrlModelCache, urlModelSource } from "../../src/models/url_source.ts";
import { serveModelFiles } from "../helpers/model_server.ts";

const enc = new TextEncoder();
const FILES = new Map<string, Uint8Array>([
  ["config.json", enc.encode('{"model_type":"bert"}')],
  ["tokenizer.json", enc.encode('{"model":{}}')],
  ["model.onnx", new Uint8Array(4096).map((_, i) => i % 251)],
]);
const never = () => new AbortController().signal;

async function withServer(
  fn: (s: ReturnType<typeof serveModelFiles>) => Promise<void>,
): Promise<void> {
  clearUrlModelCache();
  const server = serveModelFiles(FILES);
  try {
    await fn(server);
  } finally {
    await server.close();
    clearUrlModelCache();
  }
}

Deno.test("url source: the resolver finds the dtype's graph at the top or under onnx/", async () => {
  clearUrlModelCache();
  const files = new Map(FILES);
  files.set("onnx/model_quantized.onnx", new Uint8Array(8));
  const server = serveModelFiles(files);
  try {
    const src = urlModelSource(server.url, { allowHttp: true });
    const base = server.url.replace(/\/$/, "");
    assert.equal(await src.resolver("fp32")(server.url, never()), `${base}/model.onnx`);
    assert.equal(
      await src.resolver("int8")(server.url, never()),
      `${base}/onnx/model_quantized.onnx`,
    );
    // Without a dtype the loader probes the candidates in the folder.
    assert.equal(await src.resolver(undefined)(server.url, never()), base);
    server.files.delete("onnx/model_quantized.onnx");
    await assert.rejects(
      src.resolver("int8")(server.url, never()),
      (err: Error) =>
        isModelUnavailable(err) &&
        err.message ===
          `model file ${base}/model_quantized.onnx does not exist (nor onnx/model_quantized.onnx)`,
    );
  } finally {
    await server.close();
  }
  const direct = urlModelSource("https://models.example/t/onnx/model_qint8_avx512.onnx");
  const graph = "https://models.example/t/onnx/model_qint8_avx512.onnx";
  assert.equal(await direct.resolver("int8")(graph, never()), graph);
});

Deno.test("url source: credentials, queries and plain http are refused without echoing secrets", () => {
  assert.throws(
    () => urlModelSource("https://user:s3cret@models.example/tiny/"),
    (err: Error) => /must not contain credentials/.test(err.message) && !/s3cret/.test(err.message),
  );
  assert.throws(() => urlModelSource("https://models.example/tiny/?token=abc"), /query/);
  assert.throws(() => urlModelSource("http://127.0.0.1:1/tiny/"), /must use https/);
  urlModelSource("http://127.0.0.1:1/tiny/", { allowHttp: true });
  assert.equal(redactUrl("https://u:p@h.example/a/b?x=1"), "https://h.example/a/b?<redacted>");
});

Deno.test("url source: JSON files are fetched once and kept; concurrent reads share one GET", async () => {
  await withServer(async (server) => {
    const src = urlModelSource(server.url, { allowHttp: true });
    const url = `${server.url}config.json`;
    const texts = await Promise.all([1, 2, 3].map(() => src.io.readText(url)));
    assert.deepEqual(texts, Array(3).fill('{"model_type":"bert"}'));
    assert.equal(await src.io.readText(url), '{"model_type":"bert"}');
    // Another module instance on the same URL shares the process-wide cache.
    await urlModelSource(server.url, { allowHttp: true }).io.readText(url);
    assert.equal(server.gets("config.json"), 1);
    const graph = `${server.url}model.onnx`;
    const graphs = await Promise.all([1, 2].map(() => src.io.readBytes(graph, never())));
    assert.deepEqual(graphs[0], FILES.get("model.onnx"));
    assert.equal(server.gets("model.onnx"), 1);
  });
});

Deno.test("url source: a missing file is undefined for JSON and a named error for the graph", async () => {
  await withServer(async (server) => {
    const src = urlModelSource(server.url, { allowHttp: true });
    assert.equal(await src.io.readText(`${server.url}tokenizer_config.json`), undefined);
    assert.equal(await src.io.isFile(`${server.url}model_quantized.onnx`), false);
    assert.equal(await src.io.isFile(`${server.url}model.onnx`), true);
    await assert.rejects(
      src.io.readBytes(`${server.url}model_quantized.onnx`, never()),
      (err: Error) =>
        isModelUnavailable(err) && err.message.includes(`${server.url}model_quantized.onnx`),
    );
  });
});

Deno.test("url source: a failure is not cached: the next read fetches again", async () => {
  await withServer(async (server) => {
    const src = urlModelSource(server.url, { allowHttp: true });
    server.status.set("tokenizer.json", 503);
    await assert.rejects(
      src.io.readText(`${server.url}tokenizer.json`),
      (err: Error) => isModelUnavailable(err) && /HTTP 503/.test(err.message),
    );
    server.status.delete("tokenizer.json");
    assert.equal(await src.io.readText(`${server.url}tokenizer.json`), '{"model":{}}');
    assert.equal(server.gets("tokenizer.json"), 2);
  });
});

Deno.test("url source: sha256 pins are verified; a mismatch is an error and not kept", async () => {
  await withServer(async (server) => {
    const good = await sha256Hex(FILES.get("model.onnx")!);
    const cfg = await sha256Hex(FILES.get("config.json")!);
    const pinned = urlModelSource(server.url, {
      allowHttp: true,
      sha256: { "model.onnx": good.toUpperCase(), "config.json": cfg },
    });
    await pinned.io.readBytes(`${server.url}model.onnx`, never());
    assert.ok(await pinned.io.readText(`${server.url}config.json`));
    const wrong = urlModelSource(server.url, {
      allowHttp: true,
      sha256: { "config.json": "0".repeat(64) },
    });
    await assert.rejects(
      wrong.io.readText(`${server.url}config.json`),
      /config\.json: sha256 [0-9a-f]{64} does not match the pinned 0{64}/,
    );
    // The mismatching bytes were dropped: the fixed file is fetched again.
    assert.ok(await pinned.io.readText(`${server.url}config.json`));
    assert.equal(server.gets("config.json"), 2);
    const missing = urlModelSource(server.url, {
      allowHttp: true,
      sha256: { "tokenizer_config.json": cfg },
    });
    await assert.rejects(
      missing.io.readText(`${server.url}tokenizer_config.json`),
      /pinned by sha256 but missing/,
    );
  });
});

Deno.test("url source: size limit and Content-Length are enforced", async () => {
  await withServer(async (server) => {
    const small = urlModelSource(server.url, { allowHttp: true, maxGraphBytes: 1000 });
    await assert.rejects(
      small.io.readBytes(`${server.url}model.onnx`, never()),
      /4096 bytes announced, over the limit of 1000 bytes/,
    );
  });
  const body = new Uint8Array(100);
  const truncated: typeof fetch = () =>
    Promise.resolve(new Response(body, { headers: { "content-length": "200" } }));
  const src = urlModelSource("https://models.example/t/", { fetch: truncated });
  await assert.rejects(
    src.io.readBytes("https://models.example/t/model.onnx", never()),
    /the body ended after 100 of 200 bytes/,
  );
  const unannounced: typeof fetch = () =>
    Promise.resolve(
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new Uint8Array(600));
            c.enqueue(new Uint8Array(600));
            c.close();
          },
        }),
      ),
    );
  const capped = urlModelSource("https://models.example/u/", {
    fetch: unannounced,
    maxGraphBytes: 1000,
  });
  await assert.rejects(
    capped.io.readBytes("https://models.example/u/model.onnx", never()),
    /more than 1200 bytes, over the limit of 1000 bytes/,
  );
});

Deno.test("url source: a timeout and the caller's AbortSignal are honoured", async () => {
  const hanging: typeof fetch = (_input, init) =>
    new Promise((_, reject) => {
      const signal = init?.signal as AbortSignal;
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  const slow = urlModelSource("https://models.example/slow/", { fetch: hanging, timeoutMs: 50 });
  await assert.rejects(
    slow.io.readText("https://models.example/slow/config.json"),
    (err: Error) =>
      isModelUnavailable(err) &&
      err.message === "model file https://models.example/slow/config.json: no answer within 0.05 s",
  );
  const waiting = urlModelSource("https://models.example/wait/", {
    fetch: hanging,
    timeoutMs: 200,
  });
  const controller = new AbortController();
  const read = waiting.io.readBytes("https://models.example/wait/model.onnx", controller.signal);
  controller.abort(new Error("client went away"));
  await assert.rejects(read, /client went away/);
  // Let the shared fetch reach its own timeout so that no timer outlives the test.
  await new Promise((r) => setTimeout(r, 250));
  clearUrlModelCache();
});
