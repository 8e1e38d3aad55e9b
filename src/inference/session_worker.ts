/**
 * The worker thread that hosts one ONNX Runtime session off the event loop (Deno server; the
 * client is `worker_session.ts`, the messages `worker_protocol.ts`). Besides raw `run`s it owns
 * the cross-encoder's tokenizers: a `job` message carries a rerank's query and documents, which
 * are tokenized and planned here (`pair_scoring.ts`), then scored `score` message by `score`
 * message, several runs per message. Messages are handled one at a time, in order (a queued chunk
 * waits for the running one instead of interleaving with it); `release` is handled at once, so a
 * chunk of a released job stops at its next run.
 * @module
 */
/// <reference lib="deno.worker" />
import type * as Ort from "onnxruntime-web";
import type { BatchTensors } from "./batching.ts";
import { isDynamicQuantized } from "./graph_scan.ts";
import {
  type PlannedPairs,
  planPairs,
  runWidths,
  scoreRuns,
  tokenizerFor,
} from "./pair_scoring.ts";
import type { BertTokenizer } from "./tokenize.ts";
import type {
  CreateMessage,
  JobMessage,
  RunMessage,
  ScoreMessage,
  ToWorker,
  WorkerReply,
} from "./worker_protocol.ts";

type OrtModule = Pick<typeof Ort, "InferenceSession" | "Tensor" | "env">;

let ort: OrtModule | undefined;
let session: Ort.InferenceSession | undefined;
let inputs = new Set<string>();
const tokenizers = new Map<string, BertTokenizer>();
/** Parsed tokenizer files by key (the client sends the text with the first job of a key). */
const tokenizerSources = new Map<string, { json: Record<string, unknown>; config: object }>();
const jobs = new Map<number, { planned: PlannedPairs; padId: number }>();

const reply = (r: WorkerReply, transfer: Transferable[] = []) => self.postMessage(r, { transfer });
const failure = (id: number | undefined, err: unknown): WorkerReply => ({
  type: "error",
  id,
  message: err instanceof Error ? err.message : String(err),
});

async function load(specifier: string): Promise<OrtModule> {
  const m = await import(specifier) as OrtModule & { default?: OrtModule };
  return m.InferenceSession ? m : m.default as OrtModule;
}

async function create(msg: CreateMessage): Promise<void> {
  const failures: string[] = [];
  for (const backend of msg.backends) {
    try {
      ort = await load(backend === "node" ? msg.nodeSpecifier : "onnxruntime-web");
      if (backend === "wasm") ort.env.wasm.numThreads = msg.threads;
      session = await ort.InferenceSession.create(msg.bytes, {
        executionProviders: [backend === "node" ? "cpu" : "wasm"],
        graphOptimizationLevel: "all",
        ...(backend === "node" ? { intraOpNumThreads: msg.threads, interOpNumThreads: 1 } : {}),
      });
      inputs = new Set(session.inputNames);
      return reply({
        type: "created",
        backend,
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        dynamicQuantized: isDynamicQuantized(msg.bytes),
        failures,
      });
    } catch (err) {
      failures.push(`${backend}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  reply({ type: "error", message: failures.join("; ") });
}

function tensors(
  feeds: Readonly<Record<string, { data: BigInt64Array; dims: readonly number[] }>>,
) {
  if (!ort || !session) throw new Error("no session");
  const out: Record<string, Ort.Tensor> = {};
  for (const [k, v] of Object.entries(feeds)) {
    if (inputs.has(k)) out[k] = new ort.Tensor("int64", v.data, v.dims);
  }
  return out;
}

async function run(msg: RunMessage): Promise<void> {
  const out = await session!.run(tensors(msg.feeds));
  const outputs: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
  const transfer: ArrayBuffer[] = [];
  for (const [k, t] of Object.entries(out)) {
    // A copy: the tensor's buffer may be a view into the WASM heap.
    const data = new Float32Array(t.data as Float32Array);
    outputs[k] = { data, dims: t.dims };
    transfer.push(data.buffer);
    t.dispose?.();
  }
  reply({ type: "result", id: msg.id, outputs }, transfer);
}

async function job(msg: JobMessage): Promise<void> {
  const spec = msg.tokenizer;
  if (spec.text !== undefined) {
    tokenizerSources.set(spec.key, { json: JSON.parse(spec.text), config: spec.config ?? {} });
  }
  const source = tokenizerSources.get(spec.key);
  if (!source) throw new Error(`tokenizer ${spec.key} was never sent`);
  const tok = tokenizerFor(tokenizers, {
    key: spec.key,
    json: source.json,
    config: source.config as Record<string, unknown>,
    maxLength: spec.maxLength,
  });
  const planned = await planPairs(tok, msg.request);
  jobs.set(msg.id, { planned, padId: msg.request.padId });
  reply({ type: "planned", id: msg.id, tokens: planned.tokens, widths: runWidths(planned) });
}

async function score(msg: ScoreMessage): Promise<void> {
  const j = jobs.get(msg.job);
  if (!j) throw new Error("job released");
  const t0 = performance.now();
  const first = session!.outputNames[0];
  const s = await scoreRuns(
    j.planned,
    { from: msg.from, to: msg.to, padId: j.padId },
    async (t) => {
      const out = await session!.run(tensors(t as BatchTensors));
      // A copy (rows x labels floats): ORT-web's output may be a view into the WASM heap.
      const data = (out[first].data as Float32Array).slice();
      for (const v of Object.values(out)) v.dispose?.();
      return data;
    },
    () => jobs.has(msg.job),
  );
  if (!jobs.has(msg.job)) throw new Error("job released");
  reply({ type: "scores", id: msg.id, ...s, ms: performance.now() - t0 });
}

let tail: Promise<void> = Promise.resolve();

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === "release") {
    jobs.delete(msg.job);
    return;
  }
  tail = tail.then(async () => {
    try {
      if (msg.type === "create") await create(msg);
      else if (msg.type === "run") await run(msg);
      else if (msg.type === "job") await job(msg);
      else await score(msg);
    } catch (err) {
      reply(failure(msg.type === "create" ? undefined : msg.id, err));
    }
  });
};
