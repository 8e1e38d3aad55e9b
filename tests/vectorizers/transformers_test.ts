import assert from "node:assert/strict";
import * as ort from "onnxruntime-web";
import { writeSyntheticModel } from "../../tools/synth/write.ts";
import { DENO_MODEL_IO, resolveLocalModel } from "../../src/runtime/files.ts";
import { createTransformersVectorizer } from "../../src/vectorizers/transformers.ts";
import { gql, testGateway } from "../helpers/harness.ts";
import { tinyTokenizer } from "../rerankers/cross_encoder/fixture.ts";

ort.env.wasm.numThreads = 1;
let dir: Promise<string> | undefined;
/** The tiny model with a `last_hidden_state` head (an embedder), fp32 only. */
function embedderDir(): Promise<string> {
  dir ??= (async () => {
    const d = await Deno.makeTempDir({ prefix: "t2v-tiny-" });
    globalThis.addEventListener("unload", () => Deno.removeSync(d, { recursive: true }));
    await writeSyntheticModel(d, "tiny", { head: "hidden", dtypes: ["fp32"] });
    return d;
  })();
  return dir;
}

const TEXTS = ["a hot air balloon", "the Montgolfier brothers", "Zeppelin", "", "birds fly south"];
const signal = () => new AbortController().signal;

async function direct(text: string): Promise<number[]> {
  const d = await embedderDir();
  const session = await ort.InferenceSession.create(await Deno.readFile(`${d}/model.onnx`));
  const e = (await tinyTokenizer()).encodeText(text);
  const t = (v: readonly number[]) =>
    new ort.Tensor("int64", BigInt64Array.from(v, BigInt), [1, v.length]);
  const out = await session.run({
    input_ids: t(e.ids),
    attention_mask: t(e.ids.map(() => 1)),
    token_type_ids: t(e.typeIds),
  });
  const h = out.last_hidden_state;
  const [, seq, hidden] = h.dims;
  const data = h.data as Float32Array;
  const mean = Array.from({ length: hidden }, (_, k) => {
    let s = 0;
    for (let j = 0; j < seq; j++) s += data[j * hidden + k];
    return s / seq;
  });
  const norm = Math.hypot(...mean);
  return mean.map((v) => v / norm);
}

const near = (a: number[], b: number[], tol = 1e-6) =>
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= tol, `dim ${i}: ${x} vs ${b[i]}`));

Deno.test("text2vec-transformers: mean pooling + L2 norm of the model's last_hidden_state", async () => {
  const v = createTransformersVectorizer({
    model: await embedderDir(),
    resolve: resolveLocalModel,
    io: DENO_MODEL_IO,
    backend: "wasm",
  });
  assert.equal(v.dimensions, 0);
  const [first] = await v.vectorize([TEXTS[0]], { signal: signal() });
  assert.equal(v.dimensions, 32);
  assert.equal(v.backend, "wasm");
  near(first, await direct(TEXTS[0]));
  assert.ok(Math.abs(Math.hypot(...first) - 1) < 1e-6);
});

Deno.test("text2vec-transformers: vectors do not depend on batch size or padding", async () => {
  const make = (batchSize: number) =>
    embedderDir().then((model) =>
      createTransformersVectorizer({
        model,
        resolve: resolveLocalModel,
        io: DENO_MODEL_IO,
        backend: "wasm",
        batchSize,
      })
    );
  const alone = await (await make(1)).vectorize(TEXTS, { signal: signal() });
  const batched = await (await make(32)).vectorize(TEXTS, { signal: signal() });
  alone.forEach((a, i) => near(batched[i], a));
});

Deno.test("text2vec-transformers: nearText through the gateway on objects vectorized at start-up", async () => {
  const model = await embedderDir();
  const { app } = await testGateway([{
    class: "Balloon",
    properties: { answer: "text" },
    records: TEXTS.map((answer, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, answer })),
    vectorizer: "text2vec-transformers",
    moduleConfig: { "text2vec-transformers": { model, backend: "wasm" } },
  }]);
  // The object text is "<class> <answer>": the same words as the query, distance 0.
  const res = await gql(
    app,
    '{ Get { Balloon(nearText: {concepts: ["Balloon Zeppelin"]} limit: 2) { answer ' +
      "_additional { distance } } } }",
  );
  assert.equal(res.json.errors, undefined, res.text);
  const rows =
    (res.json.data as { Get: { Balloon: { answer: string; _additional: { distance: number } }[] } })
      .Get.Balloon;
  assert.equal(rows[0].answer, "Zeppelin");
  assert.ok(Math.abs(rows[0]._additional.distance) < 1e-6);
  assert.equal(rows.length, 2);
});
