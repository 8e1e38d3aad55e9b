/**
 * A bare onnxruntime loop in its own worker thread (cross-encoder benchmark): loads
 * onnxruntime-node or onnxruntime-web, creates one session with the given threads, runs
 * pre-padded batches back to back and reports the wall time of each pass, measured inside the
 * worker (no messaging in the timed region). Its own thread gives ORT-web its own `numThreads`.
 * @module
 */
/// <reference lib="deno.worker" />
import type * as Ort from "onnxruntime-web";

type OrtModule = Pick<typeof Ort, "InferenceSession" | "Tensor" | "env">;

/** One padded batch: `[rows, width]` int64 inputs. */
export interface BareBatch {
  readonly ids: BigInt64Array;
  readonly mask: BigInt64Array;
  readonly types: BigInt64Array;
  readonly dims: readonly number[];
}

/** The request: runtime, graph, threads, the batches of one pass, warm-up and timed passes. */
export interface BareRequest {
  readonly specifier: string;
  readonly wasm: boolean;
  readonly path: string;
  readonly threads: number;
  readonly batches: readonly BareBatch[];
  readonly warmup: number;
  /** Batches per warm-up pass; default 8 (`Infinity`: all). */
  readonly warmupBatches?: number;
  readonly reps: number;
}

self.onmessage = async (e: MessageEvent<BareRequest>) => {
  try {
    const r = e.data;
    const m = await import(r.specifier) as OrtModule & { default?: OrtModule };
    const ort = m.InferenceSession ? m : m.default as OrtModule;
    if (r.wasm) ort.env.wasm.numThreads = r.threads;
    const session = await ort.InferenceSession.create(await Deno.readFile(r.path), {
      executionProviders: [r.wasm ? "wasm" : "cpu"],
      graphOptimizationLevel: "all",
      ...(r.wasm ? {} : { intraOpNumThreads: r.threads, interOpNumThreads: 1 }),
    });
    const names = new Set(session.inputNames);
    const feeds = r.batches.map((b) => {
      const f: Record<string, Ort.Tensor> = {};
      const all = { input_ids: b.ids, attention_mask: b.mask, token_type_ids: b.types };
      for (const [k, v] of Object.entries(all)) {
        if (names.has(k)) f[k] = new ort.Tensor("int64", v, b.dims);
      }
      return f;
    });
    const pass = async () => {
      for (const f of feeds) await session.run(f);
    };
    // Warm-up (WASM tier-up, allocator): the first 8 batches (or all), `warmup` times.
    const warm = feeds.slice(0, r.warmupBatches ?? 8);
    for (let i = 0; i < r.warmup; i++) for (const f of warm) await session.run(f);
    const times: number[] = [];
    for (let i = 0; i < r.reps; i++) {
      const t0 = performance.now();
      await pass();
      times.push(performance.now() - t0);
    }
    self.postMessage({ times });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
