/**
 * onnxruntime-web inside workerd. Workers refuse to compile WebAssembly from bytes, so the ORT
 * `.wasm` is imported as a compiled `WebAssembly.Module` (wrangler's `CompiledWasm` rule) and handed
 * to ORT's Emscripten glue: `env.wasm.wasmBinary` gets a dummy so that the glue takes its "binary"
 * path (no fetch, no `import.meta.url`), and `WebAssembly.instantiate(bytes, imports)` is routed to
 * the compiled module (edge-runtime.md §4). `onnxruntime-web` itself is aliased to its WASM-only
 * bundle in wrangler.toml.
 * @module
 */
import * as ort from "onnxruntime-web";

/** WASM heap figures of this isolate (`WebAssembly.Memory.buffer.byteLength`). */
export interface WasmHeapStats {
  /** Bytes of the ORT linear memory now; 0 before the first session. */
  readonly heapBytes: number;
  /** ORT instances created (1 after the first model load). */
  readonly instances: number;
}

let installed = false;
let memory: WebAssembly.Memory | undefined;
let instances = 0;

/**
 * Makes onnxruntime-web use `compiled` (idempotent; call before the first session, never at module
 * scope). Single-threaded: workerd has no worker threads for ORT.
 */
export function installOrtWasm(compiled: WebAssembly.Module): void {
  if (installed) return;
  installed = true;
  const original = WebAssembly.instantiate.bind(WebAssembly);
  const hook = async (source: unknown, imports?: WebAssembly.Imports) => {
    if (source instanceof WebAssembly.Module) return original(source, imports);
    // The glue calls instantiate(bytes, imports) and reads `.instance` / `.module`.
    const instance = await original(compiled, imports);
    instances++;
    memory = findMemory(instance.exports) ??
      Object.values(imports ?? {}).map((m) => findMemory(m)).find((m) => m !== undefined);
    return { instance, module: compiled };
  };
  WebAssembly.instantiate = hook as typeof WebAssembly.instantiate;
  ort.env.wasm.wasmBinary = new Uint8Array(8);
  ort.env.wasm.numThreads = 1;
}

// The threaded build imports a shared memory; other builds export theirs.
function findMemory(values: object): WebAssembly.Memory | undefined {
  return Object.values(values).find((v) => v instanceof WebAssembly.Memory);
}

/** The current WASM heap of ORT in this isolate. */
export function wasmHeapStats(): WasmHeapStats {
  return { heapBytes: memory?.buffer.byteLength ?? 0, instances };
}
