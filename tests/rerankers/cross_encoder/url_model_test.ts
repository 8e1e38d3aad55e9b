/**
 * Local models from a URL through the whole gateway: the tiny synthetic model served over HTTP by
 * a local static host answers the seed query with the same scores as the same folder, each file is
 * fetched once for many queries, and a missing file or a sha256 mismatch is a GraphQL error at
 * [Get, C] naming the URL.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256Hex } from "../../../src/models/url_fetch.ts";
import { gql, type TestCollection, testGateway } from "../../helpers/harness.ts";
import { type ModelServer, readModelDir, serveModelFiles } from "../../helpers/model_server.ts";
import { EMBEDDER_ID, syntheticModelsDir } from "../../helpers/synthetic_models.ts";
import { tinyModelDir } from "./fixture.ts";

const ANSWERS = ["the Montgolfier brothers", "a hot air balloon", "Zeppelin", "birds fly south"];

function jeopardy(name: string, reranker: Record<string, unknown>): TestCollection {
  return {
    class: name,
    properties: { answer: "text" },
    records: ANSWERS.map((answer, i) => ({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      answer,
      vector: [1, i / 10],
    })),
    moduleConfig: { "reranker-transformers": reranker },
  };
}

const SEED = (c: string, query = "floating") =>
  `{ Get { ${c}(nearVector: {vector: [1, 0]} limit: 10) { answer ` +
  `_additional { rerank(property: "answer" query: "${query}") { score } } } } }`;

async function withModelServer(fn: (server: ModelServer) => Promise<void>): Promise<void> {
  const server = serveModelFiles(await readModelDir(await tinyModelDir()));
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

async function seed(reranker: Record<string, unknown>, query?: string) {
  const { app } = await testGateway([jeopardy("JeopardyQuestion", reranker)], {
    allowPrivateBaseUrls: true,
  });
  const res = await gql(app, SEED("JeopardyQuestion", query));
  return { app, res };
}

function classError(res: Awaited<ReturnType<typeof gql>>, c: string): string {
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.data, { Get: { [c]: null } }, res.text);
  const errors = res.json.errors as { message: string; path: string[] }[];
  assert.equal(errors.length, 1, res.text);
  assert.deepEqual(errors[0].path, ["Get", c]);
  return errors[0].message;
}

Deno.test("model URL: the seed query scores exactly as the same model from a folder", async () => {
  await withModelServer(async (server) => {
    const dir = await tinyModelDir();
    for (const dtype of [undefined, "int8"]) {
      const fromDir = await seed({ model: dir, backend: "wasm", dtype });
      const fromUrl = await seed({ model: server.url, backend: "wasm", dtype });
      assert.equal(fromDir.res.json.errors, undefined, fromDir.res.text);
      assert.equal(fromUrl.res.json.errors, undefined, fromUrl.res.text);
      assert.deepEqual(fromUrl.res.json, fromDir.res.json);
      assert.ok(fromUrl.res.text.includes('"rerank":[{"score":'));
    }
  });
});

Deno.test("model URL: each file is fetched once for many queries; /v1/meta shows the URL", async () => {
  await withModelServer(async (server) => {
    const { app } = await testGateway([
      jeopardy("First", { model: server.url, backend: "wasm" }),
      jeopardy("Second", { model: server.url, backend: "wasm" }),
    ], { allowPrivateBaseUrls: true });
    const queries = ["floating", "flying", "balloon", "water", "air"].flatMap((q) => [
      gql(app, SEED("First", q)),
      gql(app, SEED("Second", q)),
    ]);
    for (const res of await Promise.all(queries)) assert.equal(res.json.errors, undefined);
    for (const name of ["config.json", "tokenizer.json", "tokenizer_config.json", "model.onnx"]) {
      assert.equal(server.gets(name), 1, `${name}: ${[...server.counts]}`);
    }
    // Without a dtype the graph is found by HEAD (fp32 first), once per load.
    assert.equal(server.counts.get("HEAD model.onnx"), 2);
    assert.equal(server.gets("model_quantized.onnx"), 0);
    const meta = (await (await app.request("/v1/meta")).json()).modules["reranker-transformers"];
    assert.deepEqual(meta, {
      backend: "wasm",
      documentationHref: "https://www.sbert.net/docs/cross_encoder/pretrained_models.html",
      model: server.url,
      name: "Reranker - Transformers",
    });
  });
});

Deno.test("model URL: a missing file is a GraphQL error at [Get, C] naming its URL; then it loads", async () => {
  await withModelServer(async (server) => {
    server.status.set("tokenizer.json", 404);
    const { app, res } = await seed({ model: server.url, backend: "wasm" });
    const message = classError(res, "JeopardyQuestion");
    assert.ok(
      message.endsWith(`rank: model ${server.url}: ${server.url}tokenizer.json is missing`),
      message,
    );
    server.status.set("model.onnx", 404);
    server.status.delete("tokenizer.json");
    const graph = await seed({ model: server.url, backend: "wasm", dtype: "fp32" });
    assert.match(
      classError(graph.res, "JeopardyQuestion"),
      new RegExp(`model file ${server.url}model\\.onnx does not exist \\(nor onnx/model\\.onnx\\)`),
    );
    // The failures were not kept: once the files are there, the same gateway answers.
    server.status.clear();
    const again = await gql(app, SEED("JeopardyQuestion"));
    assert.equal(again.json.errors, undefined, again.text);
  });
});

Deno.test("model URL: a sha256 mismatch is a GraphQL error; the right pin loads", async () => {
  await withModelServer(async (server) => {
    const wrong = await seed({
      model: server.url,
      backend: "wasm",
      dtype: "int8",
      modelSha256: { "model_quantized.onnx": "ab".repeat(32) },
    });
    assert.match(
      classError(wrong.res, "JeopardyQuestion"),
      new RegExp(`model_quantized\\.onnx: sha256 [0-9a-f]{64} does not match the pinned (ab){32}`),
    );
    const bytes = server.files.get("model_quantized.onnx")!;
    const right = await seed({
      model: server.url,
      backend: "wasm",
      dtype: "int8",
      modelSha256: { "model_quantized.onnx": await sha256Hex(bytes) },
    });
    assert.equal(right.res.json.errors, undefined, right.res.text);
  });
});

Deno.test("model URL: text2vec-transformers embeds from a URL as from the folder", async () => {
  const dir = join(await syntheticModelsDir(), EMBEDDER_ID);
  const server = serveModelFiles(await readModelDir(dir), "embedder");
  try {
    const answer = async (model: string) => {
      const { app } = await testGateway([{
        class: "Balloon",
        properties: { answer: "text" },
        records: ANSWERS.map((a, i) => ({
          id: `00000000-0000-4000-8000-00000000000${i}`,
          answer: a,
        })),
        vectorizer: "text2vec-transformers",
        moduleConfig: { "text2vec-transformers": { model, backend: "wasm" } },
      }], { allowPrivateBaseUrls: true });
      const res = await gql(
        app,
        '{ Get { Balloon(nearText: {concepts: ["Zeppelin"]} limit: 4) { answer ' +
          "_additional { distance } } } }",
      );
      assert.equal(res.json.errors, undefined, res.text);
      return res.json;
    };
    assert.deepEqual(await answer(server.url), await answer(dir));
    assert.equal(server.gets("model.onnx"), 1);
  } finally {
    await server.close();
  }
});
