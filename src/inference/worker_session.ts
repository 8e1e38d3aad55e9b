/**
 * The client of a session hosted by its own worker thread (`session_worker.ts`): the event loop
 * only posts messages and reads small replies. A cross-encoder job is tokenized and planned in
 * the worker, then scored in chunks of about {@link CHUNK_MS} of inference each (from the
 * session's measured speed; one run per chunk until it is known), so a 100-pair rerank costs the
 * event loop a few dozen messages, and a request queued behind it waits for at most a chunk or
 * two (the run queue keeps one chunk queued in the worker behind the running one).
 * @module
 */
import { yieldToEventLoop } from "./batching.ts";
import { chunkRuns, type PairJob, type PairJobRequest, type PairScores } from "./pair_scoring.ts";
import type { BackendName, ModelSession } from "./session_types.ts";
import type { ToWorker, WorkerReply } from "./worker_protocol.ts";

/** Inference per chunk the client aims at (fairness between requests vs messages per run). */
export const CHUNK_MS = 20;

/** Options of {@link startWorkerSession}. */
export interface WorkerSessionOptions {
  /** The graph; read in slices into the buffer handed to the worker (the caller keeps its copy). */
  readonly bytes: Uint8Array;
  readonly backends: readonly BackendName[];
  readonly threads: number;
  readonly nodeSpecifier: string;
  /** The Worker constructor (captured before onnxruntime-web may replace the global). */
  readonly Worker: typeof Worker;
}

/** A started session, or why it could not start. */
export type WorkerStart =
  | {
    readonly ok: true;
    readonly session: ModelSession;
    readonly failures: readonly string[];
    /** Terminates the worker (a session the caller does not keep). */
    readonly stop: () => void;
  }
  | { readonly ok: false; readonly why: string };

const workers = new Set<Worker>();

/** Stops every session worker (tests, benchmarks). */
export function terminateWorkers(): void {
  for (const w of workers) w.terminate();
  workers.clear();
}

/** Copies `bytes` a few MiB at a time, yielding in between (a 90 MB graph is ~50 ms of copy). */
async function sliceCopy(bytes: Uint8Array, slice = 8 << 20): Promise<Uint8Array<ArrayBuffer>> {
  const copy = new Uint8Array(bytes.length);
  for (let o = 0; o < bytes.length; o += slice) {
    if (o > 0) await yieldToEventLoop();
    copy.set(bytes.subarray(o, o + slice), o);
  }
  return copy;
}

/** Starts the worker and loads the graph there. */
export async function startWorkerSession(opts: WorkerSessionOptions): Promise<WorkerStart> {
  const worker = new opts.Worker(new URL("./session_worker.ts", import.meta.url), {
    type: "module",
  });
  workers.add(worker);
  const pending = new Map<number, (r: WorkerReply) => void>();
  let created: ((r: WorkerReply) => void) | undefined;
  let broken: Error | undefined;
  worker.onmessage = (e: MessageEvent<WorkerReply>) => {
    const r = e.data;
    if (r.id === undefined) return created?.(r);
    const resolve = pending.get(r.id);
    pending.delete(r.id);
    resolve?.(r);
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    broken = new Error(`inference worker failed: ${e.message}`);
    const r: WorkerReply = { type: "error", message: broken.message };
    created?.(r);
    for (const resolve of pending.values()) resolve(r);
    pending.clear();
  };
  const copy = await sliceCopy(opts.bytes);
  const reply = await new Promise<WorkerReply>((resolve) => {
    created = resolve;
    // The worker may have failed while the graph was being copied: nothing would answer.
    if (broken) return resolve({ type: "error", message: broken.message });
    const msg: ToWorker = {
      type: "create",
      bytes: copy,
      backends: opts.backends,
      threads: opts.threads,
      nodeSpecifier: opts.nodeSpecifier,
    };
    worker.postMessage(msg, [copy.buffer]);
  });
  if (reply.type !== "created") {
    worker.terminate();
    workers.delete(worker);
    return { ok: false, why: reply.type === "error" ? reply.message : "unknown error" };
  }

  let next = 0;
  const call = (msg: ToWorker & { id: number }, transfer: Transferable[] = []) => {
    if (broken) return Promise.reject(broken);
    return new Promise<WorkerReply>((resolve) => {
      pending.set(msg.id, resolve);
      worker.postMessage(msg, transfer);
    });
  };
  const fail = (r: WorkerReply, what: string) =>
    new Error(`${what}: ${r.type === "error" ? r.message : `unexpected ${r.type} reply`}`);
  const sentTokenizers = new Set<string>();
  // Inference speed of this session (EWMA of ms per padded token), for the chunk size.
  let msPerToken: number | undefined;

  const inputs = new Set(reply.inputNames);
  const session: ModelSession = {
    backend: reply.backend,
    inputNames: reply.inputNames,
    outputNames: reply.outputNames,
    dynamicQuantized: reply.dynamicQuantized,
    offThread: true,
    lanes: 1,
    get broken() {
      return broken !== undefined;
    },
    async run(feeds) {
      const sent: Record<string, { data: BigInt64Array; dims: readonly number[] }> = {};
      const transfer: ArrayBuffer[] = [];
      for (const [k, v] of Object.entries(feeds)) {
        if (!inputs.has(k)) continue;
        const data = v.data.slice();
        sent[k] = { data, dims: v.dims };
        transfer.push(data.buffer);
      }
      const r = await call({ type: "run", id: next++, feeds: sent }, transfer);
      if (r.type !== "result") throw fail(r, "inference failed");
      return r.outputs;
    },
    async pairJob(request: PairJobRequest, signal: AbortSignal): Promise<PairJob> {
      const { tokenizer, ...rest } = request;
      const first = !sentTokenizers.has(tokenizer.key);
      sentTokenizers.add(tokenizer.key);
      const id = next++;
      const planned = await call({
        type: "job",
        id,
        tokenizer: {
          key: tokenizer.key,
          maxLength: tokenizer.maxLength,
          // Once per key: the parsed file as text (a structured clone of the object costs more).
          ...(first ? { text: JSON.stringify(tokenizer.json), config: tokenizer.config } : {}),
        },
        request: rest,
      });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (!broken) worker.postMessage({ type: "release", job: id } satisfies ToWorker);
      };
      if (planned.type !== "planned") {
        if (first) sentTokenizers.delete(tokenizer.key);
        throw fail(planned, "tokenization failed");
      }
      if (signal.aborted) {
        release();
        throw signal.reason;
      }
      const widths = planned.widths;
      const per = msPerToken;
      const starts = chunkRuns(widths, per === undefined ? 0 : CHUNK_MS / per);
      return {
        tokens: planned.tokens,
        chunks: starts.length - 1,
        async score(k: number): Promise<PairScores> {
          if (released) throw new Error("job released");
          const from = starts[k], to = starts[k + 1];
          const r = await call({ type: "score", id: next++, job: id, from, to });
          if (r.type !== "scores") throw fail(r, "inference failed");
          let padded = 0;
          for (let i = from; i < from + r.runs; i++) padded += widths[i];
          const sample = r.ms / Math.max(1, padded);
          msPerToken = msPerToken === undefined ? sample : 0.7 * msPerToken + 0.3 * sample;
          return r;
        },
        release,
      };
    },
  };
  const stop = () => {
    worker.terminate();
    workers.delete(worker);
  };
  return { ok: true, session, failures: reply.failures, stop };
}
