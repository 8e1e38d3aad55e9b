/**
 * ONNX Runtime sessions: backend choice and one lazily created session per model file.
 *
 * Backends: `wasm` is onnxruntime-web (SIMD, `numThreads` worker threads where the runtime has
 * them) and runs everywhere. `node` is onnxruntime-node (native, 5-8x faster on a server CPU),
 * fetched by Deno at the first session that needs it (a computed dynamic import of
 * {@link ONNXRUNTIME_NODE}, outside the import map, so `deno task start`, `deno cache main.ts` and
 * configs without a local model never download it; needs `--allow-ffi`). `auto` (the default) takes `node` where the
 * {@link InferenceHost} allows native code (a Deno server) and it loads, else `wasm`, and says so
 * in one log line.
 *
 * Where it runs: with `host.offThread` (Deno server) each session lives in its own worker thread
 * (`worker_session.ts`), and a model gets one single-threaded session per thread up to
 * {@link DEFAULT_MAX_SESSIONS} (`session_pool.ts`: runs of one request go to them in parallel),
 * so inference never blocks the event loop (onnxruntime-node's `run` and
 * ORT-web's are both synchronous on their thread), and a cross-encoder's pairs are tokenized
 * there too. Elsewhere (Deno Deploy, Workers, tests) the session runs on the calling thread,
 * tokenization yields every {@link TOKENIZE_SLICE_MS} and the run queue between runs.
 * @module
 */
import { abortable } from "../core/abortable.ts";
import type { InferenceHost } from "../core/runtime.ts";
import type * as Ort from "onnxruntime-web";
import { isDynamicQuantized } from "./graph_scan.ts";
import { planPairs, scoreRuns, tokenizerFor } from "./pair_scoring.ts";
import type { BackendName, BackendPreference, FloatOutput, ModelSession } from "./session_types.ts";
import type { BertTokenizer } from "./tokenize.ts";
import { createSessionPool } from "./session_pool.ts";
import { startWorkerSession, terminateWorkers, type WorkerStart } from "./worker_session.ts";

/** The onnxruntime-node package, pinned (deno.full.lock); imported only when a session needs it. */
export const ONNXRUNTIME_NODE = "npm:onnxruntime-node@1.30.0";

export type {
  BackendName,
  BackendPreference,
  FloatOutput,
  Int64Input,
  ModelSession,
} from "./session_types.ts";

/** The part of the onnxruntime API both packages share (onnxruntime-common). */
type OrtModule = Pick<typeof Ort, "InferenceSession" | "Tensor" | "env">;

/** Longest stretch of tokenization on the calling thread before it yields to the event loop. */
export const TOKENIZE_SLICE_MS = 20;

/** Options of {@link getSession}. */
export interface SessionOptions {
  /** Default `auto`. */
  readonly backend?: BackendPreference;
  /** Threads per session: `intraOpNumThreads` natively; onnxruntime-web reads it once per process. */
  readonly numThreads?: number;
  /**
   * Worker-hosted sessions the threads are split over (`session_pool.ts`); default
   * {@link sessionCount}'s. Ignored on the calling thread (one session).
   */
  readonly sessions?: number;
  /** Reads the model file (a worker-hosted session copies the bytes, in slices, to its worker). */
  readonly readBytes: (path: string, signal: AbortSignal) => Promise<Uint8Array>;
  /** Module specifier of onnxruntime-node; default {@link ONNXRUNTIME_NODE}. */
  readonly nodeSpecifier?: string;
  /** Where inference may run; absent: in-thread, `auto` tries native, 1 thread. */
  readonly host?: InferenceHost;
  /** The operator's log, for the one-line fallback notice. */
  readonly log?: (line: string) => void;
  /** The model's name in that notice. */
  readonly label?: string;
  readonly signal: AbortSignal;
}

/** The threads a session gets: the setting, else the host's default (cores on a server), else 1. */
export function sessionThreads(opts: Pick<SessionOptions, "numThreads" | "host">): number {
  return Math.max(1, Math.floor(opts.numThreads ?? opts.host?.defaultThreads ?? 1));
}

/** Most sessions a model gets by default (each holds its own copy of the weights). */
export const DEFAULT_MAX_SESSIONS = 4;

/**
 * Sessions of a worker-hosted model: the setting, else one per thread up to
 * {@link DEFAULT_MAX_SESSIONS}, never more than its threads; 1 on the calling thread.
 */
export function sessionCount(
  opts: Pick<SessionOptions, "numThreads" | "host" | "sessions">,
): number {
  if (!opts.host?.offThread) return 1;
  const threads = sessionThreads(opts);
  const wanted = Math.floor(opts.sessions ?? Math.min(threads, DEFAULT_MAX_SESSIONS));
  return Math.max(1, Math.min(threads, wanted));
}

/** `threads` split over `n` sessions, the remainder to the first ones. */
export function splitThreads(threads: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(threads / n) + (i < threads % n ? 1 : 0));
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
  const where = opts.host?.offThread ? "worker" : "here";
  const key = `${backend}\0${sessionThreads(opts)}\0${sessionCount(opts)}\0${where}\0${path}`;
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

/** Drops every memoised session and stops their worker threads (tests, benchmarks). */
export function clearSessions(): void {
  sessions.clear();
  terminateWorkers();
}

// Captured at load: onnxruntime-web's Emscripten glue replaces `globalThis.Worker` with
// node:worker_threads' Worker when it initialises on this thread.
const WebWorker: typeof Worker | undefined = typeof Worker === "function" ? Worker : undefined;

/** The backends to try, in order, and the notice when `auto` cannot go native here. */
function candidates(preference: BackendPreference, host?: InferenceHost): BackendName[] {
  if (preference === "node") return ["node"];
  if (preference === "wasm") return ["wasm"];
  return host && !host.nativeAllowed ? ["wasm"] : ["node", "wasm"];
}

function fallbackNotice(opts: SessionOptions, threads: number, why: string): void {
  const name = opts.label ? `model ${opts.label}` : "local model";
  opts.log?.(
    `rerank-gateway: ${name} runs on WASM (${threads} thread${threads === 1 ? "" : "s"}): ${why}`,
  );
}

async function createSession(path: string, opts: SessionOptions): Promise<ModelSession> {
  const bytes = await opts.readBytes(path, opts.signal);
  const threads = sessionThreads(opts);
  const preference = opts.backend ?? "auto";
  const order = candidates(preference, opts.host);
  if (preference === "auto" && order[0] === "wasm") {
    fallbackNotice(opts, threads, `native inference is not available on ${opts.host?.platform}`);
  }
  if (opts.host?.offThread && WebWorker) {
    const Worker = WebWorker;
    const nodeSpecifier = opts.nodeSpecifier ?? ONNXRUNTIME_NODE;
    const settled = await Promise.allSettled(
      splitThreads(threads, sessionCount(opts)).map((t) =>
        startWorkerSession({ bytes, backends: order, threads: t, nodeSpecifier, Worker })
      ),
    );
    const thrown = settled.find((s) => s.status === "rejected");
    if (thrown) {
      // One start threw (no Worker, no memory for the copy): stop the ones that came up.
      for (const s of settled) if (s.status === "fulfilled" && s.value.ok) s.value.stop();
      throw (thrown as PromiseRejectedResult).reason;
    }
    const starts = settled.map((s) => (s as PromiseFulfilledResult<WorkerStart>).value);
    const started = starts.find((s) => s.ok);
    if (!started) {
      const why = starts[0].ok ? "" : starts[0].why;
      throw opts.backend === "node" ? nativeMissing(why) : new Error(`model session: ${why}`);
    }
    // All on the first one's backend (a worker that loaded another one is stopped).
    const members: ModelSession[] = [];
    for (const s of starts) {
      if (!s.ok) continue;
      if (s.session.backend === started.session.backend) members.push(s.session);
      else s.stop();
    }
    const session = createSessionPool(members);
    if (session.backend === "wasm" && order[0] === "node" && opts.backend !== "wasm") {
      fallbackNotice(opts, threads, started.failures[0] ?? "onnxruntime-node did not load");
    }
    return session;
  }
  const { name, ort, why } = await loadRuntime(preference, order, threads, opts.nodeSpecifier);
  if (why !== undefined && preference === "auto") fallbackNotice(opts, threads, why);
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [name === "node" ? "cpu" : "wasm"],
    graphOptimizationLevel: "all",
    ...(name === "node" ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
  });
  const inputs = new Set(session.inputNames);
  const tokenizers = new Map<string, BertTokenizer>();
  const here: ModelSession = {
    backend: name,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    dynamicQuantized: isDynamicQuantized(bytes),
    offThread: false,
    lanes: 1,
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
    async pairJob(request, signal) {
      const tok = tokenizerFor(tokenizers, request.tokenizer);
      const planned = await planPairs(tok, request, { sliceMs: TOKENIZE_SLICE_MS, signal });
      const first = session.outputNames[0];
      let released = false;
      return {
        tokens: planned.tokens,
        chunks: planned.plan.length,
        score(k) {
          if (released) return Promise.reject(new Error("job released"));
          const range = { from: k, to: k + 1, padId: request.padId };
          return scoreRuns(planned, range, async (t) => (await here.run(t))[first].data);
        },
        release() {
          released = true;
        },
      };
    },
  };
  return here;
}

/** The first runtime of `order` that loads here (without creating a session). */
async function loadRuntime(
  preference: BackendPreference,
  order: readonly BackendName[],
  threads: number,
  nodeSpecifier = ONNXRUNTIME_NODE,
): Promise<{ name: BackendName; ort: OrtModule; why?: string }> {
  let why: string | undefined;
  if (order.includes("node")) {
    try {
      return { name: "node", ort: await importOnce(nodeSpecifier) };
    } catch (err) {
      why = `onnxruntime-node did not load (${err instanceof Error ? err.message : err})`;
      if (preference === "node") throw nativeMissing(why);
    }
  }
  const ort = await importOnce("onnxruntime-web", async () => {
    const web = await import("onnxruntime-web");
    // onnxruntime-web reads this once, at its first session: the first caller's value wins.
    web.env.wasm.numThreads = threads;
    return web;
  });
  return { name: "wasm", ort, why };
}

function nativeMissing(why: string): Error {
  return new Error(
    `backend "node" needs onnxruntime-node (${ONNXRUNTIME_NODE}) and --allow-ffi: ${why}`,
  );
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
