/**
 * Test helpers for synthetic models: the tiny tokenizer, pair encoding into padded batches and an
 * ORT-web session runner.
 */
import { Tokenizer } from "@huggingface/tokenizers";
import * as ort from "onnxruntime-web";
import type { ReferenceBatch } from "../../tools/testing/reference_bert.ts";
import { synthesizeModel } from "../../tools/synth/synthesize.ts";

/** Query/passage pairs of different lengths (so a batch has padding). */
export const PAIRS: readonly [string, string][] = [
  [
    "How many people live in Berlin?",
    "Berlin has a population of 3,520,031 registered inhabitants.",
  ],
  [
    "How many people live in Berlin?",
    "New York City is famous for the Metropolitan Museum of Art.",
  ],
  ["flying", "a hot air balloon"],
  [
    "what is the capital of france",
    "paris is the capital and the largest city of france, on the river",
  ],
];

/** The tiny model's tokenizer, from the generator (no files needed). */
export function tinyTokenizer(): Tokenizer {
  const model = synthesizeModel("tiny");
  return new Tokenizer(JSON.parse(model.tokenizerJson!), JSON.parse(model.tokenizerConfigJson!));
}

/** Encodes `pairs` as `[CLS] q [SEP] d [SEP]` and right-pads them into one batch. */
export function encodeBatch(tok: Tokenizer, pairs: readonly [string, string][]): ReferenceBatch {
  const encoded = pairs.map(([q, d]) =>
    tok.encode(q, { text_pair: d, return_token_type_ids: true })
  );
  const width = Math.max(...encoded.map((e) => e.ids.length));
  const pad = (row: number[]) => [...row, ...new Array(width - row.length).fill(0)];
  return {
    inputIds: encoded.map((e) => pad(e.ids)),
    attentionMask: encoded.map((e) => pad(e.attention_mask)),
    tokenTypeIds: encoded.map((e) => pad(e.token_type_ids)),
  };
}

function tensor(rows: readonly (readonly number[])[]): ort.Tensor {
  const data = BigInt64Array.from(rows.flat().map(BigInt));
  return new ort.Tensor("int64", data, [rows.length, rows[0].length]);
}

/** Runs `onnx` in ORT-web on `batch`; returns the named output, rows of `dims[1..]` flattened. */
export async function runOrt(
  onnx: Uint8Array,
  batch: ReferenceBatch,
  output = "logits",
): Promise<{ dims: readonly number[]; rows: number[][] }> {
  const session = await ort.InferenceSession.create(onnx, { executionProviders: ["wasm"] });
  try {
    const result = await session.run({
      input_ids: tensor(batch.inputIds),
      attention_mask: tensor(batch.attentionMask),
      token_type_ids: tensor(batch.tokenTypeIds),
    });
    const out = result[output];
    const data = out.data as Float32Array;
    const per = data.length / out.dims[0];
    const rows = Array.from(
      { length: out.dims[0] },
      (_, i) => [...data.slice(i * per, (i + 1) * per)],
    );
    return { dims: out.dims, rows };
  } finally {
    await session.release();
  }
}

/** Largest absolute element-wise difference of two equally shaped row lists. */
export function maxAbsDiff(a: readonly number[][], b: readonly number[][]): number {
  let max = 0;
  a.forEach((row, i) => row.forEach((v, j) => max = Math.max(max, Math.abs(v - b[i][j]))));
  return max;
}
