/**
 * What the Workers end-to-end test and `bench/workers.ts` put into local R2 and `GATEWAY_CONFIG`:
 * a synthetic TinyBERT-L2-shaped int8 cross-encoder (random weights, generated at test time) and a
 * config with the conformance collection, the seed collection reranked by that model and one
 * reranked by Cohere (a local fake).
 */
import { join } from "node:path";
import { synthesizeModel } from "../../tools/synth/synthesize.ts";
import { tokenizerConfigJson, tokenizerJson } from "../../tools/synth/hf_files.ts";
import { SHARED_TOKENIZERS_DIR } from "../../tools/synth/write.ts";
import { TINY_VOCAB } from "../../tools/synth/vocab.ts";
import type { R2Seed } from "./wrangler_dev.ts";

/** The key prefix of the synthetic model in the MODELS bucket. */
export const MODEL_PREFIX = "synthetic-tinybert-l2";

/** The conformance collection of spec §6 E1/E6 (two dogs with equal vectors). */
export const DOGS = [
  {
    id: "00000000-0000-0000-0000-000000000000",
    first: "apple",
    second: "longlong",
    vector: [1, 0],
  },
  {
    id: "11111111-1111-1111-1111-111111111111",
    first: "apple",
    second: "longlonglong",
    vector: [1, 0],
  },
];

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}

/**
 * The model files: TinyBERT-L2 shape, int8 graph. The tokenizer is the real MS MARCO (BERT
 * uncased) vocabulary when the development checkout has it, else the tiny model's own vocabulary
 * (its ids are valid for the 30,522-row embedding too).
 */
export async function tinybertSeeds(): Promise<{ seeds: R2Seed[]; tokenizer: "real" | "tiny" }> {
  const model = synthesizeModel("tinybert-l2", { dtype: "int8" });
  const realDir = join(SHARED_TOKENIZERS_DIR, "ms-marco-MiniLM-L-6-v2");
  const real = await readIfExists(join(realDir, "tokenizer.json"));
  const realConfig = await readIfExists(join(realDir, "tokenizer_config.json"));
  const seeds: R2Seed[] = [
    { key: `${MODEL_PREFIX}/model_quantized.onnx`, data: model.onnx },
    { key: `${MODEL_PREFIX}/config.json`, data: model.configJson },
    { key: `${MODEL_PREFIX}/tokenizer.json`, data: real ?? tokenizerJson(TINY_VOCAB) },
    { key: `${MODEL_PREFIX}/tokenizer_config.json`, data: realConfig ?? tokenizerConfigJson(512) },
  ];
  return { seeds, tokenizer: real ? "real" : "tiny" };
}

const JEOPARDY_PROPERTIES = ["question", "answer", "category", "round"].map((name) => ({
  name,
  dataType: ["text"],
})).concat([{ name: "value", dataType: ["int"] }, { name: "airDate", dataType: ["date"] }]);

/**
 * The test `GATEWAY_CONFIG`: conformance dogs (DATA bucket), WASM rerank, Cohere rerank and, with
 * `modelUrl`, `JeopardyUrl` reranked by the same model read from that URL (a local static host).
 */
export function testGatewayConfig(
  cohereBaseUrl: string,
  modelUrl?: string,
): Record<string, unknown> {
  const jeopardy = (cls: string, reranker: Record<string, unknown>) => ({
    class: cls,
    properties: JEOPARDY_PROPERTIES,
    vectorizer: "text2vec-hash",
    moduleConfig: { "text2vec-hash": {}, ...reranker },
    store: { kind: "embedded", files: ["data/trivia_sample.json"] },
  });
  const dog = (cls: string, files: string[]) => ({
    class: cls,
    properties: [{ name: "first", dataType: ["text"] }, { name: "second", dataType: ["text"] }],
    moduleConfig: { "reranker-dummy": {} },
    store: { kind: "embedded", files },
  });
  return {
    collections: [
      dog("BigFurryMonsterDog", ["data/dogs.json"]),
      dog("EmptyDog", ["data/empty.json"]),
      jeopardy("JeopardyQuestion", {
        "reranker-transformers": { model: MODEL_PREFIX, dtype: "int8", maxLength: 128 },
      }),
      jeopardy("JeopardyCohere", { "reranker-cohere": { baseURL: cohereBaseUrl } }),
      ...(modelUrl === undefined ? [] : [
        jeopardy("JeopardyUrl", {
          "reranker-transformers": { model: modelUrl, dtype: "int8", maxLength: 128 },
        }),
      ]),
    ],
    authentication: { anonymousAccessEnabled: true },
    ...(modelUrl === undefined ? {} : { modules: { allowPrivateBaseUrls: true } }),
  };
}

/** The DATA bucket's objects for {@link testGatewayConfig}. */
export const DATA_SEEDS: readonly R2Seed[] = [
  { key: "data/dogs.json", data: JSON.stringify(DOGS) },
  { key: "data/empty.json", data: "[]" },
];

/** The README's seed query for `cls`, reranked by its reranker. */
export function seedQuery(cls: string, limit = 10): string {
  return `{ Get { ${cls}(nearText: {concepts: "flying"} limit: ${limit}) { answer ` +
    '_additional { distance rerank(property: "answer" query: "floating") { score } } } } }';
}
