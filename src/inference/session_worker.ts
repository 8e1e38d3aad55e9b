/**
 * The worker thread that hosts one ONNX Runtime session off the event loop (Deno server; see
 * `session.ts`). Messages: `create` (graph bytes, backends to try in order, threads, the
 * onnxruntime-node specifier) answered by `created` or `error`; `run` (int64 feeds) answered by
 * `result` or `error` with the same id. Tensor buffers are transferred, not copied.
 * @module
 */
/// <reference lib="deno.worker" />
import type * as Ort from "onnxruntime-web";

type OrtModule = Pick<typeof Ort, "InferenceSession" | "Tensor" | "env">;

interface CreateMessage {
  readonly type: "create";
  readonly bytes: Uint8Array;
  readonly backends: readonly ("node" | "wasm")[];
  readonly threads: number;
  readonly nodeSpecifier: string;
}

interface RunMessage {
  readonly type: "run";
  readonly id: number;
  readonly feeds: Record<string, { data: BigInt64Array; dims: number[] }>;
}

let ort: OrtModule | undefined;
let session: Ort.InferenceSession | undefined;

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
      self.postMessage({
        type: "created",
        backend,
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        failures,
      });
      return;
    } catch (err) {
      failures.push(`${backend}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  self.postMessage({ type: "error", message: failures.join("; ") });
}

async function run(msg: RunMessage): Promise<void> {
  try {
    if (!ort || !session) throw new Error("no session");
    const tensors: Record<string, Ort.Tensor> = {};
    for (const [k, v] of Object.entries(msg.feeds)) {
      tensors[k] = new ort.Tensor("int64", v.data, v.dims);
    }
    const out = await session.run(tensors);
    const outputs: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    const transfer: ArrayBuffer[] = [];
    for (const [k, t] of Object.entries(out)) {
      // A copy: the tensor's buffer may be a view into the WASM heap.
      const data = new Float32Array(t.data as Float32Array);
      outputs[k] = { data, dims: t.dims };
      transfer.push(data.buffer);
      t.dispose?.();
    }
    self.postMessage({ type: "result", id: msg.id, outputs }, { transfer });
  } catch (err) {
    self.postMessage({
      type: "error",
      id: msg.id,
      message: err instanceof Error ? err.message : String(err),
    });
  }
}

self.onmessage = (e: MessageEvent<CreateMessage | RunMessage>) => {
  if (e.data.type === "create") void create(e.data);
  else void run(e.data);
};
