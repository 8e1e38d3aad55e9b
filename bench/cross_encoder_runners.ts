/**
 * The contenders of the cross-encoder benchmark, each scoring one set of pairs with one graph:
 * the gateway's reranker (WASM, and native through its `node` backend), raw onnxruntime-node on
 * the same pre-tokenized inputs, and transformers.js loading the same folder offline.
 * @module
 */
import { padBatch, planBatches } from "../src/inference/batching.ts";
import { createCrossEncoderReranker } from "../src/rerankers/cross_encoder/cross_encoder.ts";
import { DENO_MODEL_IO, resolveLocalModel } from "../src/runtime/files.ts";
import type { EncodedInput } from "../src/inference/tokenize.ts";

/** The native package, loaded on demand (not a project dependency). */
export const ORT_NODE = "npm:onnxruntime-node@1.30.0";
/** transformers.js, loaded on demand (not a project dependency). */
export const TRANSFORMERS_JS = "npm:@huggingface/transformers@4.3.1";

/** One query with its passages. */
export interface PairSet {
  readonly name: string;
  readonly query: string;
  readonly docs: readonly string[];
}

/** Scores a pair set once (model already loaded by a warm-up call). */
export type Runner = (set: PairSet) => Promise<number[]>;

/** Our reranker on `backend`; `independent` undefined = the default for the graph. */
export function gatewayRunner(
  onnxPath: string,
  opts: { backend: "wasm" | "node"; independent?: boolean; batchSize?: number },
): Runner {
  const r = createCrossEncoderReranker({
    model: onnxPath,
    resolve: resolveLocalModel,
    io: DENO_MODEL_IO,
    backend: opts.backend,
    nodeSpecifier: ORT_NODE,
    cacheSize: 0,
    batchIndependent: opts.independent,
    batchSize: opts.batchSize,
  });
  return async (set) => {
    const out = await r.rerank(set.query, set.docs, { signal: new AbortController().signal });
    return out.sort((a, b) => a.index - b.index).map((s) => s.score);
  };
}

type OrtNode = typeof import("onnxruntime-web");

/** Raw onnxruntime-node, 1 intra-op thread, length-sorted micro-batches of 16 (pre-tokenized). */
export async function rawNodeRunner(
  onnxPath: string,
  encode: (set: PairSet) => EncodedInput[],
): Promise<Runner> {
  const ort = (await import(ORT_NODE)).default as OrtNode;
  const session = await ort.InferenceSession.create(await Deno.readFile(onnxPath), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
  });
  const cache = new Map<PairSet, EncodedInput[]>();
  return async (set) => {
    if (!cache.has(set)) cache.set(set, encode(set));
    const inputs = cache.get(set)!;
    const out = new Array<number>(inputs.length);
    const plan = planBatches(inputs.map((x) => x.ids.length), {
      batchSize: 16,
      independent: false,
      signal: new AbortController().signal,
    });
    for (const group of plan) {
      const t = padBatch(group.map((i) => inputs[i]));
      const feeds = Object.fromEntries(
        Object.entries(t).map(([k, v]) => [k, new ort.Tensor("int64", v.data, v.dims)]),
      );
      const res = await session.run(feeds);
      const logits = res[session.outputNames[0]].data as Float32Array;
      group.forEach((i, row) => out[i] = logits[row]);
    }
    return out;
  };
}

/**
 * transformers.js (its default onnxruntime-node backend) on `<root>/<id>/` laid out as it expects
 * with `subfolder: ""` (the graphs sit next to config.json), offline. It pads each call to the longest
 * pair, so it gets the same length-sorted micro-batches of 16 as the raw runner.
 */
export async function transformersJsRunner(
  root: string,
  id: string,
  dtype: "fp32" | "q8",
): Promise<Runner> {
  const tjs = await import(TRANSFORMERS_JS);
  tjs.env.allowRemoteModels = false;
  tjs.env.localModelPath = root.endsWith("/") ? root : `${root}/`;
  const tokenizer = await tjs.AutoTokenizer.from_pretrained(id);
  const model = await tjs.AutoModelForSequenceClassification.from_pretrained(id, {
    dtype,
    subfolder: "",
  });
  return async (set) => {
    const lengths = set.docs.map((d) => d.length);
    const plan = planBatches(lengths, {
      batchSize: 16,
      independent: false,
      signal: new AbortController().signal,
    });
    const out = new Array<number>(set.docs.length);
    for (const group of plan) {
      const inputs = tokenizer(group.map(() => set.query), {
        text_pair: group.map((i) => set.docs[i]),
        padding: true,
        truncation: true,
      });
      const { logits } = await model(inputs);
      group.forEach((i, row) => out[i] = logits.data[row]);
    }
    return out;
  };
}
