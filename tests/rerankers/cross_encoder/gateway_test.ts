/**
 * The local cross-encoder through the whole gateway: the seed query reranks through the WASM
 * cross-encoder on the tiny synthetic model; a model that is not pulled fails its class only.
 */
import assert from "node:assert/strict";
import { gql, type TestCollection, testGateway } from "../../helpers/harness.ts";
import { directLogits, tinyModelDir, tinyTokenizer } from "./fixture.ts";

const ANSWERS = [
  "the Montgolfier brothers",
  "a hot air balloon",
  "Zeppelin",
  "a ship can float on water",
  "birds fly south",
];

function jeopardy(name: string, reranker: Record<string, unknown>): TestCollection {
  return {
    class: name,
    properties: { answer: "text", question: "text" },
    records: ANSWERS.map((answer, i) => ({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      answer,
      question: `question ${i}`,
      vector: [1, i / 10],
    })),
    moduleConfig: { "reranker-transformers": reranker },
  };
}

const SEED = (c: string) =>
  `{ Get { ${c}(nearVector: {vector: [1, 0]} limit: 10) { answer ` +
  `_additional { rerank(property: "answer" query: "floating") { score } } } } }`;

type Row = { answer: string; _additional: { rerank: { score: number }[] } };

async function seedRows(reranker: Record<string, unknown>): Promise<Row[]> {
  const { app } = await testGateway([jeopardy("JeopardyQuestion", reranker)]);
  const res = await gql(app, SEED("JeopardyQuestion"));
  assert.equal(res.status, 200);
  assert.equal(res.json.errors, undefined, res.text);
  return (res.json.data as { Get: Record<string, Row[]> }).Get.JeopardyQuestion;
}

Deno.test("cross-encoder gateway: fp32 by default, raw logits equal to a direct run", async () => {
  const rows = await seedRows({ model: await tinyModelDir(), backend: "wasm" });
  assert.equal(rows.length, ANSWERS.length);
  const tok = await tinyTokenizer();
  // fp32 is batched with padding; a pair's logit equals its unpadded single run up to float noise.
  const logits = await directLogits(
    "model.onnx",
    ANSWERS.map((a) => tok.encodePair("floating", a)),
  );
  const expected = new Map(ANSWERS.map((a, i) => [a, logits[i]]));
  for (const row of rows) {
    const score = row._additional.rerank[0].score;
    assert.ok(Math.abs(score - expected.get(row.answer)!) < 1e-5, `${row.answer}: ${score}`);
  }
  const scores = rows.map((r) => r._additional.rerank[0].score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "sorted by rerank score");
});

Deno.test("cross-encoder gateway: the seed query reranks through WASM with the model's raw logits", async () => {
  const dir = await tinyModelDir();
  const { app } = await testGateway([
    jeopardy("JeopardyQuestion", { model: dir, backend: "wasm", dtype: "int8" }),
  ]);
  const res = await gql(app, SEED("JeopardyQuestion"));
  assert.equal(res.status, 200);
  assert.equal(res.json.errors, undefined, res.text);
  const rows = (res.json.data as { Get: Record<string, Row[]> }).Get.JeopardyQuestion;
  assert.equal(rows.length, ANSWERS.length);
  const tok = await tinyTokenizer();
  // dtype int8 scores each pair alone (batch-independent scores): exactly a direct run.
  const logits = await directLogits(
    "model_quantized.onnx",
    ANSWERS.map((a) => tok.encodePair("floating", a)),
  );
  const expected = new Map(ANSWERS.map((a, i) => [a, logits[i]]));
  for (const row of rows) {
    const score = row._additional.rerank[0].score;
    assert.equal(score, expected.get(row.answer), row.answer);
  }
  const scores = rows.map((r) => r._additional.rerank[0].score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "sorted by rerank score");
});

Deno.test("cross-encoder gateway: a model that is not pulled is a GraphQL error at [Get, C]; other classes answer", async () => {
  const dir = await tinyModelDir();
  const { app } = await testGateway([
    jeopardy("Missing", { model: "ms-marco-MiniLM-L-12-v2" }),
    jeopardy("Present", { model: dir, backend: "wasm" }),
  ]);
  const res = await gql(
    app,
    SEED("Missing").replace(/ } }$/, "") +
      SEED("Present").replace(/^\{ Get \{/, ""),
  );
  assert.equal(res.status, 200);
  const errors = res.json.errors as { message: string; path: string[] }[];
  assert.equal(errors.length, 1, res.text);
  assert.deepEqual(errors[0].path, ["Get", "Missing"]);
  assert.match(errors[0].message, /deno task models pull ms-marco-MiniLM-L-12-v2/);
  const data = (res.json.data as { Get: Record<string, Row[] | null> }).Get;
  assert.equal(data.Missing, null);
  assert.equal(data.Present!.length, ANSWERS.length);
});

Deno.test("cross-encoder gateway: /v1/meta reports model and backend once loaded", async () => {
  const dir = await tinyModelDir();
  const { app } = await testGateway([
    jeopardy("JeopardyQuestion", { model: dir, backend: "wasm" }),
  ]);
  const meta = async () =>
    (await (await app.request("/v1/meta")).json()).modules["reranker-transformers"];
  assert.deepEqual(await meta(), {
    backend: "not loaded",
    documentationHref: "https://www.sbert.net/docs/cross_encoder/pretrained_models.html",
    model: dir,
    name: "Reranker - Transformers",
  });
  await gql(app, SEED("JeopardyQuestion"));
  assert.equal((await meta()).backend, "wasm");
});
