/**
 * The contenders of the cross-encoder benchmark, each scoring one set of pairs with one graph at
 * a given thread count: the gateway's reranker (its Deno-server default: `auto`, onnxruntime-node
 * in a worker thread; WASM in a worker thread; WASM on the calling thread as on Workers/Deploy and
 * as the gateway ran before), bare onnxruntime-node and onnxruntime-web loops in their own worker
 * (`ort_worker.ts`, timed inside it) over the same pre-tokenized pairs in several layouts, and
 * transformers.js loading the same folder offline.
 * @module
 */
import { padBatch, planBatches } from "../src/inference/batching.ts";
import { createCrossEncoderReranker } from "../src/rerankers/cross_encoder/cross_encoder.ts";
import type { InferenceHost } from "../src/core/runtime.ts";
import { DENO_MODEL_IO, resolveLocalModel } from "../src/runtime/files.ts";
import type { EncodedInput } from "../src/inference/tokenize.ts";
import type { BareBatch, BareRequest } from "./ort_worker.ts";

/** The native package, loaded on demand by the bare runner. */
export const ORT_NODE = "npm:onnxruntime-node@1.30.0";
/** onnxruntime-web, as the gateway uses it. */
export const ORT_WEB = "npm:onnxruntime-web@1.30.0";
/** transformers.js, loaded on demand (not a project dependency). */
export const TRANSFORMERS_JS = "npm:@huggingface/transformers@4.3.1";

/** One query with its passages, tokenized at `maxLength`. */
export interface PairSet {
  readonly name: string;
  readonly query: string;
  readonly docs: readonly string[];
  readonly maxLength: number;
  readonly encoded: readonly EncodedInput[];
  /** Median ms to tokenize the set's pairs once on this thread (the gateway's share, not ORT's). */
  readonly tokenizeMs: number;
}

/**
 * Times `reps` passes over a set after `warmup` warm-up passes, each over the set's first 8 pairs
 * or, with `warmAll`, over all of them; ms per pass.
 */
export type Timer = (
  set: PairSet,
  warmup: number,
  reps: number,
  warmAll?: boolean,
) => Promise<number[]>;

const signal = () => new AbortController().signal;
// Captured at load: onnxruntime-web's Emscripten glue replaces `globalThis.Worker` with
// node:worker_threads' Worker once it initialises on this thread (the calling-thread rows).
const WebWorker = Worker;

/** A Deno server's host with `threads` (the gateway's default there). */
export function serverHost(threads: number, nativeAllowed = true): InferenceHost {
  return { platform: "deno-server", nativeAllowed, defaultThreads: threads, offThread: true };
}

/** Our reranker; `host` undefined = on the calling thread (Workers / Deploy, and before). */
export function gatewayTimer(
  onnxPath: string,
  opts: {
    backend: "auto" | "wasm" | "node";
    host?: InferenceHost;
    numThreads?: number;
    /** Worker sessions the threads are split over; default the gateway's. */
    sessions?: number;
    batchSize?: number;
    tokenBudget?: number;
    maxLength: number;
  },
): Timer & { backend: () => string } {
  const r = createCrossEncoderReranker({
    model: onnxPath,
    resolve: resolveLocalModel,
    io: DENO_MODEL_IO,
    backend: opts.backend,
    host: opts.host,
    numThreads: opts.numThreads,
    sessions: opts.sessions,
    nodeSpecifier: ORT_NODE,
    cacheSize: 0,
    batchSize: opts.batchSize,
    tokenBudget: opts.tokenBudget,
    maxLength: opts.maxLength,
  });
  const timer = async (set: PairSet, warmup: number, reps: number, warmAll = false) => {
    for (let i = 0; i < warmup; i++) {
      await r.rerank(set.query, set.docs.slice(0, warmAll ? undefined : 8), { signal: signal() });
    }
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await r.rerank(set.query, set.docs, { signal: signal() });
      times.push(performance.now() - t0);
    }
    return times;
  };
  return Object.assign(timer, { backend: () => r.backend });
}

/** A layout of the bare loops: runs of `tokenBudget` padded tokens and at most `rows` rows. */
export interface Layout {
  readonly label: string;
  readonly tokenBudget?: number;
  readonly rows?: number;
}

/** The batches of `layout` over `inputs`, padded. */
export function layoutBatches(inputs: readonly EncodedInput[], layout: Layout): BareBatch[] {
  const plan = planBatches(inputs.map((x) => x.ids.length), {
    independent: false,
    tokenBudget: layout.tokenBudget,
    batchSize: layout.rows,
  });
  return plan.map((group) => {
    const t = padBatch(group.map((i) => inputs[i]));
    return {
      ids: t.input_ids.data,
      mask: t.attention_mask.data,
      types: t.token_type_ids.data,
      dims: t.input_ids.dims,
    };
  });
}

/** A bare onnxruntime loop (`wasm`: onnxruntime-web) in its own worker thread. */
export function bareTimer(onnxPath: string, wasm: boolean, threads: number, layout: Layout): Timer {
  return async (set, warmup, reps, warmAll = false) => {
    const worker = new WebWorker(new URL("./ort_worker.ts", import.meta.url), { type: "module" });
    try {
      const request: BareRequest = {
        specifier: wasm ? ORT_WEB : ORT_NODE,
        wasm,
        path: onnxPath,
        threads,
        batches: layoutBatches(set.encoded, layout),
        warmup,
        ...(warmAll ? { warmupBatches: Infinity } : {}),
        reps,
      };
      const reply = await new Promise<{ times?: number[]; error?: string }>((resolve) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => {
          e.preventDefault();
          resolve({ error: e.message });
        };
        worker.postMessage(request);
      });
      if (reply.error) throw new Error(reply.error);
      return reply.times!;
    } finally {
      worker.terminate();
    }
  };
}

/**
 * transformers.js (its default onnxruntime-node backend) on `<root>/<id>/` laid out as it expects
 * with `subfolder: ""`, offline, with `threads` intra-op threads. `rows` undefined = one padded
 * batch of every pair, as its model cards call it; else length-sorted batches of `rows`.
 */
export async function transformersJsTimer(
  root: string,
  id: string,
  dtype: "fp32" | "q8",
  threads: number,
  rows?: number,
): Promise<Timer> {
  const tjs = await import(TRANSFORMERS_JS);
  tjs.env.allowRemoteModels = false;
  tjs.env.localModelPath = root.endsWith("/") ? root : `${root}/`;
  const tokenizer = await tjs.AutoTokenizer.from_pretrained(id);
  const model = await tjs.AutoModelForSequenceClassification.from_pretrained(id, {
    dtype,
    subfolder: "",
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  const score = async (set: PairSet, docs: readonly string[]) => {
    const plan = rows === undefined
      ? [docs.map((_, i) => i)]
      : planBatches(docs.map((d) => d.length), { independent: false, batchSize: rows });
    for (const group of plan) {
      const inputs = tokenizer(group.map(() => set.query), {
        text_pair: group.map((i) => docs[i]),
        padding: true,
        truncation: true,
        max_length: set.maxLength,
      });
      await model(inputs);
    }
  };
  return async (set, warmup, reps, warmAll = false) => {
    for (let i = 0; i < warmup; i++) await score(set, set.docs.slice(0, warmAll ? undefined : 8));
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await score(set, set.docs);
      times.push(performance.now() - t0);
    }
    return times;
  };
}
