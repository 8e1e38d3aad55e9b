/**
 * The WebAssembly scan kernel of the embedded store (`dot_kernel.wat`): float64 dot products of
 * a query with many float32 rows, two rows per SIMD128 lane pair, each sum bit-equal to the
 * one-row JavaScript loop (the kernel's header says why). 1.64x the JavaScript scan of
 * `vector_scan.ts` at 100k x 384-d (BENCHMARKS.md section 2), whose rows it reads in place: the
 * store's vectors are allocated in the kernel's memory.
 *
 * Where WebAssembly cannot be compiled from bytes (Cloudflare Workers forbids it at run time) or
 * the rows do not fit one 4 GiB memory, {@link createDotKernel} answers `undefined` and the store
 * keeps the JavaScript scan, which gives the same distances.
 * @module
 */
import { fromBase64 } from "../../core/base64.ts";
import { DOT_KERNEL_BASE64 } from "./dot_kernel_bytes.ts";

/** Rows per kernel call: the row list the caller fills and the sums it reads back. */
export const KERNEL_CHUNK = 4096;

/** Below this many floats (128 KiB of rows) the JavaScript scan is as fast: no kernel. */
export const KERNEL_MIN_FLOATS = 32_768;

const PAGE = 65_536;
const MAX_PAGES = 65_536;

/** A kernel instance with its own memory holding one store's rows. */
export interface DotKernel {
  /** The rows, `floats` long, zeroed: the store writes its vectors here. */
  readonly data: Float32Array;
  /** The row positions of the next {@link DotKernel.run}, `KERNEL_CHUNK` long. */
  readonly rows: Int32Array;
  /** Sets the query of the following runs (float32 values, `width` long). */
  setQuery(query: Float32Array): void;
  /** Sums of the query times the first `count` rows of `rows`, in their order. */
  run(count: number): Float64Array;
}

/** Options of {@link createDotKernel}. */
export interface DotKernelOptions {
  /** Floats of rows the memory holds (`objects x width`). */
  readonly floats: number;
  /** Row width. */
  readonly width: number;
  /** Create it even below {@link KERNEL_MIN_FLOATS} (tests). */
  readonly force?: boolean;
}

let compiled: WebAssembly.Module | null | undefined;
let liveBytes = 0;
const released = new FinalizationRegistry<number>((bytes) => {
  liveBytes -= bytes;
});

/**
 * Bytes of WebAssembly memory held by kernels not yet collected. V8 counts this memory in neither
 * `heapUsed` nor `external`, so a memory reading adds it (the bench does).
 */
export function kernelMemoryBytes(): number {
  return liveBytes;
}

/** The compiled module, or `null` where this runtime does not compile WebAssembly from bytes. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    compiled = new WebAssembly.Module(fromBase64(DOT_KERNEL_BASE64));
  } catch {
    compiled = null;
  }
  return compiled;
}

/** A kernel whose memory holds `floats` row floats, or `undefined` (use the JavaScript scan). */
export function createDotKernel(opts: DotKernelOptions): DotKernel | undefined {
  const { floats, width } = opts;
  if (width <= 0 || (!opts.force && floats < KERNEL_MIN_FLOATS)) return undefined;
  // [rows: floats x 4 B][query: width x 8 B][row list: CHUNK x 4 B][sums: CHUNK x 8 B], each
  // part 16-byte aligned; the kernel reads in groups of eight rows, so the list has 8 spare.
  const align = (n: number) => Math.ceil(n / 16) * 16;
  const queryAt = align(floats * 4);
  const rowsAt = align(queryAt + width * 8);
  const sumsAt = align(rowsAt + (KERNEL_CHUNK + 8) * 4);
  const pages = Math.ceil((sumsAt + (KERNEL_CHUNK + 8) * 8) / PAGE);
  if (pages > MAX_PAGES) return undefined;
  const module = kernelModule();
  if (!module) return undefined;
  let memory: WebAssembly.Memory;
  let dots: (q: number, d: number, w: number, r: number, c: number, o: number) => void;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    dots = instance.exports.dots as typeof dots;
  } catch {
    return undefined; // the address space for one more memory was refused: scan in JavaScript
  }
  const buffer = memory.buffer;
  liveBytes += buffer.byteLength;
  const query = new Float64Array(buffer, queryAt, width);
  const list = new Int32Array(buffer, rowsAt, KERNEL_CHUNK + 8);
  const sums = new Float64Array(buffer, sumsAt, KERNEL_CHUNK + 8);
  const kernel: DotKernel = {
    data: new Float32Array(buffer, 0, floats),
    rows: list.subarray(0, KERNEL_CHUNK),
    setQuery(q) {
      for (let k = 0; k < width; k++) query[k] = q[k];
    },
    run(count) {
      if (count <= 0) return sums.subarray(0, 0);
      let padded = count;
      while (padded & 7) list[padded++] = list[0];
      dots(queryAt, 0, width, rowsAt, padded, sumsAt);
      return sums.subarray(0, count);
    },
  };
  released.register(kernel, buffer.byteLength);
  return kernel;
}
