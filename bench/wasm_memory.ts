/**
 * Tracks every `WebAssembly.Memory` created after {@link trackWasmMemory} (ORT-web's heap, which
 * never shrinks), for benchmarks that report WASM memory next to RSS.
 * @module
 */

const memories: WebAssembly.Memory[] = [];
let tracking = false;

/** Starts recording new WebAssembly memories (idempotent). Call before any session is created. */
export function trackWasmMemory(): void {
  if (tracking) return;
  tracking = true;
  const Orig = WebAssembly.Memory;
  WebAssembly.Memory = class extends Orig {
    constructor(d: WebAssembly.MemoryDescriptor) {
      super(d);
      memories.push(this);
    }
  } as typeof WebAssembly.Memory;
}

/** The largest tracked WebAssembly memory in MiB, or undefined when none was created. */
export function wasmMemoryMiB(): number | undefined {
  return memories.length
    ? Math.max(...memories.map((m) => m.buffer.byteLength)) / 2 ** 20
    : undefined;
}
