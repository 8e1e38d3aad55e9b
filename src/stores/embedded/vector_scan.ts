/**
 * The exact scan of the embedded store's dot-product metrics (cosine on unit rows, dot): rows
 * are read in position order (front to back through the one `Float32Array`), four at a time with
 * the element loop unrolled by two. Each row keeps its own float64 sum, added in element order,
 * so every distance is bit-equal to a one-row-at-a-time loop; the four independent sums hide the
 * latency of the floating-point adds, and the unrolling halves the loop overhead per element.
 * When the rows live in a WebAssembly scan kernel's memory (`dot_kernel.ts`), the kernel sums
 * them instead, 4,096 rows per call, to the same bits.
 * @module
 */
import { type DotKernel, KERNEL_CHUNK } from "./dot_kernel.ts";
import type { TopK } from "./top_k.ts";

/** Long loops check the request signal once per 4096 rows (cheap next to the work). */
const CHECK_EVERY_MASK = 4095;

/** Options of {@link scanDot}. */
export interface DotScanOptions {
  /** The query (normalised for cosine), `width` long. */
  readonly query: Float32Array;
  /** Rows of `width` floats. */
  readonly data: Float32Array;
  readonly width: number;
  /** Rows with `has[i] === 0` are skipped. */
  readonly has: Uint8Array;
  /** Row positions to scan, ascending; default `0 .. size - 1`. */
  readonly order?: Int32Array;
  readonly size: number;
  /** `cosine`: distance `1 - dot`; `dot`: `-dot`; both rounded to float32. */
  readonly metric: "cosine" | "dot";
  readonly top: TopK;
  readonly signal?: AbortSignal;
  /** The kernel whose memory is `data`: it computes the sums. */
  readonly kernel?: DotKernel;
}

/** Offers the distance of every scanned row that has a vector to `top`. */
export function scanDot(opts: DotScanOptions): void {
  if (opts.kernel) return scanWithKernel(opts, opts.kernel);
  const { query: q, data, width, has, order, metric, top, signal } = opts;
  const count = order ? order.length : opts.size;
  const cosine = metric === "cosine";
  const sums = new Float64Array(4);
  const rows = new Int32Array(4);
  let queued = 0;
  for (let n = 0; n < count; n++) {
    if ((n & CHECK_EVERY_MASK) === CHECK_EVERY_MASK) signal?.throwIfAborted();
    const i = order ? order[n] : n;
    if (has[i] === 0) continue;
    rows[queued++] = i;
    if (queued < 4) continue;
    queued = 0;
    dot4(q, data, width, rows, sums);
    for (let j = 0; j < 4; j++) {
      top.offer(rows[j], cosine ? Math.fround(1 - sums[j]) : Math.fround(-sums[j]));
    }
  }
  for (let j = 0; j < queued; j++) {
    const at = rows[j] * width;
    let dot = 0;
    for (let k = 0; k < width; k++) dot += q[k] * data[at + k];
    top.offer(rows[j], cosine ? Math.fround(1 - dot) : Math.fround(-dot));
  }
}

/** {@link scanDot} with the sums from the WebAssembly kernel, a chunk of rows per call. */
function scanWithKernel(opts: DotScanOptions, kernel: DotKernel): void {
  const { query, has, order, metric, top, signal } = opts;
  const count = order ? order.length : opts.size;
  const cosine = metric === "cosine";
  const rows = kernel.rows;
  kernel.setQuery(query);
  let queued = 0;
  const flush = () => {
    const sums = kernel.run(queued);
    for (let j = 0; j < queued; j++) {
      top.offer(rows[j], cosine ? Math.fround(1 - sums[j]) : Math.fround(-sums[j]));
    }
    queued = 0;
  };
  for (let n = 0; n < count; n++) {
    const i = order ? order[n] : n;
    if (has[i] === 0) continue;
    rows[queued++] = i;
    if (queued === KERNEL_CHUNK) {
      signal?.throwIfAborted();
      flush();
    }
  }
  flush();
}

/** `sums[j] = q . row rows[j]` for the four rows, each summed in element order. */
function dot4(
  q: Float32Array,
  data: Float32Array,
  width: number,
  rows: Int32Array,
  sums: Float64Array,
): void {
  const o0 = rows[0] * width, o1 = rows[1] * width;
  const o2 = rows[2] * width, o3 = rows[3] * width;
  let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
  let k = 0;
  for (; k + 1 < width; k += 2) {
    const x = q[k], y = q[k + 1];
    d0 += x * data[o0 + k];
    d1 += x * data[o1 + k];
    d2 += x * data[o2 + k];
    d3 += x * data[o3 + k];
    d0 += y * data[o0 + k + 1];
    d1 += y * data[o1 + k + 1];
    d2 += y * data[o2 + k + 1];
    d3 += y * data[o3 + k + 1];
  }
  if (k < width) {
    const x = q[k];
    d0 += x * data[o0 + k];
    d1 += x * data[o1 + k];
    d2 += x * data[o2 + k];
    d3 += x * data[o3 + k];
  }
  sums[0] = d0;
  sums[1] = d1;
  sums[2] = d2;
  sums[3] = d3;
}
