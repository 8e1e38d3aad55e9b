/**
 * The shapes a model session exposes, shared by the calling-thread session (`session.ts`) and the
 * worker-hosted one (`worker_session.ts`).
 * @module
 */
import type { PairJob, PairJobRequest } from "./pair_scoring.ts";

/** What the config may ask for. */
export type BackendPreference = "auto" | "wasm" | "node";
/** The backend a session actually runs on. */
export type BackendName = "wasm" | "node";

/** An int64 input tensor, row-major `[batch, sequence]`. */
export interface Int64Input {
  readonly data: BigInt64Array;
  readonly dims: readonly number[];
}

/** A float32 output tensor. */
export interface FloatOutput {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** A loaded model. */
export interface ModelSession {
  readonly backend: BackendName;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** The graph quantizes activations per batch tensor (`quantize_dynamic` int8). */
  readonly dynamicQuantized: boolean;
  /** Runs happen in a worker thread (awaiting one leaves the event loop free). */
  readonly offThread: boolean;
  /** Runs that progress at once: the sessions behind it (`session_pool.ts`), else 1. */
  readonly lanes: number;
  /** True once it can run nothing more (its worker died); a pool routes around such members. */
  readonly broken?: boolean;
  /** Runs the graph; feeds the session does not declare are dropped. */
  run(feeds: Readonly<Record<string, Int64Input>>): Promise<Record<string, FloatOutput>>;
  /**
   * Tokenizes and plans cross-encoder pairs where the session runs (in its worker thread when
   * `offThread`, else here in slices that yield), ready to be scored chunk by chunk.
   */
  pairJob(request: PairJobRequest, signal: AbortSignal): Promise<PairJob>;
}
