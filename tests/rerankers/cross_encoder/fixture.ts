/**
 * Test fixture: the tiny synthetic model (own WordPiece vocabulary, fp32 and int8 graphs),
 * generated once per test process into a temp folder, plus a direct onnxruntime-web run over
 * encoded pairs as the reference the reranker must reproduce.
 */
import * as ort from "onnxruntime-web";
import { writeSyntheticModel } from "../../../tools/synth/write.ts";
import type { EncodedInput } from "../../../src/inference/tokenize.ts";
import { createBertTokenizer } from "../../../src/inference/tokenize.ts";

// One thread, as the gateway defaults to; set before any session exists.
ort.env.wasm.numThreads = 1;

let tiny: Promise<string> | undefined;

/** The rerank query and documents the cross-encoder tests score (an empty one included). */
export const QUERY = "floating";
/** See {@link QUERY}. */
export const DOCS = [
  "the Montgolfier brothers",
  "a hot-air balloon rises because hot air is lighter than cold air",
  "Zeppelin",
  "",
  "birds fly south in winter and the sea is cold",
  "a ship can float on water",
];

/** The folder of the tiny model (`model.onnx`, `model_quantized.onnx`, tokenizer, config). */
export function tinyModelDir(): Promise<string> {
  tiny ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "ce-tiny-" });
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    await writeSyntheticModel(dir, "tiny");
    return dir;
  })();
  return tiny;
}

/** The tiny model's tokenizer at `maxLength` (default: the model's 128). */
export async function tinyTokenizer(maxLength = 128) {
  const dir = await tinyModelDir();
  const json = JSON.parse(await Deno.readTextFile(`${dir}/tokenizer.json`));
  const config = JSON.parse(await Deno.readTextFile(`${dir}/tokenizer_config.json`));
  return createBertTokenizer(json, config, { maxLength });
}

const sessions = new Map<string, Promise<ort.InferenceSession>>();

/** Logit 0 of each input, every input run alone through its own onnxruntime-web session. */
export async function directLogits(file: string, inputs: readonly EncodedInput[]) {
  const path = `${await tinyModelDir()}/${file}`;
  let s = sessions.get(path);
  if (!s) {
    s = Deno.readFile(path).then((b) => ort.InferenceSession.create(b));
    sessions.set(path, s);
  }
  const session = await s;
  const out: number[] = [];
  for (const x of inputs) {
    const t = (v: readonly number[]) =>
      new ort.Tensor("int64", BigInt64Array.from(v, BigInt), [1, v.length]);
    const res = await session.run({
      input_ids: t(x.ids),
      attention_mask: t(x.ids.map(() => 1)),
      token_type_ids: t(x.typeIds),
    });
    out.push((res.logits.data as Float32Array)[0]);
  }
  return out;
}
