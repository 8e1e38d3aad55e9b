/**
 * ONNX Runtime sessions: backend choice and one lazily created session per model file.
 *
 * Backends: `wasm` is onnxruntime-web (SIMD; single thread by default, `numThreads` for more where
 * the runtime has worker threads) and runs everywhere. `node` is onnxruntime-node (native, 5-7x
 * faster on a server CPU), which is not a default dependency (~46 MB): enable it by mapping it in
 * `deno.json` (`"onnxruntime-node": "npm:onnxruntime-node@1.30.0"`) and running with
 * `--allow-ffi`. `auto` (the default) takes `node` when that import works and `wasm` otherwise.
 * @module
 */
import { abortable } from "../core/abortable.ts";
import type * as Ort from "onnxruntime-web";

/** What the config may ask for. */
export type BackendPreference = "auto" | "wasm" | "node";
/** The backend a session actually runs on. */
export type BackendName = "wasm" | "node";

/** The part of the onnxruntime API both packages share (onnxruntime-common). */
type OrtModule = Pick<typeof Ort, "InferenceSession" | "Tensor" | "env">;

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
  /** Runs the graph; feeds the session does not declare are dropped. */
  run(feeds: Readonly<Record<string, Int64Input>>): Promise<Record<string, FloatOutput>>;
}

/** Options of {@link getSession}. */
export interface SessionOptions {
  /** Default `auto`. */
  readonly backend?: BackendPreference;
  /** Threads per session: `intraOpNumThreads` natively; onnxruntime-web reads it once per process. */
  readonly numThreads?: number;
  /** Reads the model file. */
  readonly readBytes: (path: string, signal: AbortSignal) => Promise<Uint8Array>;
  /** Module specifier of onnxruntime-node; default `onnxruntime-node` (the import-map name). */
  readonly nodeSpecifier?: string;
  readonly signal: AbortSignal;
}

const sessions = new Map<string, Promise<ModelSession>>();
const runtimes = new Map<string, Promise<OrtModule>>();

/**
 * The session for `path`, created on first use and shared afterwards; concurrent first calls
 * share one creation. A failed creation is forgotten, so the next call tries again (a model
 * pulled after start-up is picked up without a restart).
 */
export function getSession(path: string, opts: SessionOptions): Promise<ModelSession> {
  const backend = opts.backend ?? "auto";
  const key = `${backend}\0${opts.numThreads ?? 1}\0${path}`;
  let pending = sessions.get(key);
  if (!pending) {
    // The creation must not die with the first caller's request.
    const creation = { ...opts, signal: new AbortController().signal };
    pending = createSession(path, creation);
    sessions.set(key, pending);
    pending.catch(() => {
      if (sessions.get(key) === pending) sessions.delete(key);
    });
  }
  return abortable(pending, opts.signal);
}

/** Drops every memoised session (tests). */
export function clearSessions(): void {
  sessions.clear();
}

async function createSession(path: string, opts: SessionOptions): Promise<ModelSession> {
  const bytes = await opts.readBytes(path, opts.signal);
  const threads = opts.numThreads ?? 1;
  const { name, ort } = await loadRuntime(opts.backend ?? "auto", threads, opts.nodeSpecifier);
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [name === "node" ? "cpu" : "wasm"],
    graphOptimizationLevel: "all",
    ...(name === "node" ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
  });
  const inputs = new Set(session.inputNames);
  return {
    backend: name,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    dynamicQuantized: containsAscii(bytes, "DynamicQuantizeLinear"),
    async run(feeds) {
      const tensors: Record<string, Ort.Tensor> = {};
      for (const [k, v] of Object.entries(feeds)) {
        if (inputs.has(k)) tensors[k] = new ort.Tensor("int64", v.data, v.dims);
      }
      const out = await session.run(tensors);
      const result: Record<string, FloatOutput> = {};
      for (const [k, t] of Object.entries(out)) {
        result[k] = { data: t.data as Float32Array, dims: t.dims };
        t.dispose?.();
      }
      return result;
    },
  };
}

/** Which runtime `preference` yields here (without creating a session). */
async function loadRuntime(
  preference: BackendPreference,
  threads: number,
  nodeSpecifier = "onnxruntime-node",
): Promise<{ name: BackendName; ort: OrtModule }> {
  if (preference !== "wasm") {
    try {
      return { name: "node", ort: await importOnce(nodeSpecifier) };
    } catch (err) {
      if (preference === "node") {
        const why = err instanceof Error ? err.message : String(err);
        throw new Error(
          `backend "node" needs onnxruntime-node: map it in deno.json imports ` +
            `("onnxruntime-node": "npm:onnxruntime-node@1.30.0") and run with --allow-ffi (${why})`,
        );
      }
    }
  }
  const ort = await importOnce("onnxruntime-web", async () => {
    const web = await import("onnxruntime-web");
    // onnxruntime-web reads this once, at its first session: the first caller's value wins.
    web.env.wasm.numThreads = threads;
    return web;
  });
  return { name: "wasm", ort };
}

function importOnce(specifier: string, load?: () => Promise<unknown>): Promise<OrtModule> {
  let pending = runtimes.get(specifier);
  if (!pending) {
    // A computed specifier keeps the optional native package out of the static module graph.
    pending = (load ?? (() => import(specifier)))().then((m) => {
      const mod = m as OrtModule & { default?: OrtModule };
      return mod.InferenceSession ? mod : mod.default as OrtModule;
    });
    runtimes.set(specifier, pending);
    pending.catch(() => runtimes.delete(specifier));
  }
  return pending;
}

/** True when the bytes contain `text` (an op type name in the serialized graph). */
export function containsAscii(bytes: Uint8Array, text: string): boolean {
  const pattern = new TextEncoder().encode(text);
  for (let i = bytes.indexOf(pattern[0]); i >= 0; i = bytes.indexOf(pattern[0], i + 1)) {
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern[j]) j++;
    if (j === pattern.length) return true;
  }
  return false;
}
