/**
 * The vector storage of the embedded store: one `Float32Array` of `objects x width` that the
 * distance scan reads, filled object by object as vectors arrive (precomputed ones at load,
 * vectorized ones chunk by chunk), so no per-object arrays are kept.
 *
 * For cosine the scan reads each vector normalised (Weaviate normalises on insert), while
 * `_additional { vector }` and nearObject answer the vector as stored. Both are float32: the
 * normalised value is `fround(v[k] / norm)`, the stored one `fround(v[k])`. When they are
 * bit-identical for every element (a vectorizer or a model that already returns unit vectors:
 * text2vec-hash, most embedding models) the object's one row serves both; only the others keep
 * their stored form apart, in blocks that are never copied when more arrive. At 1M x 384-d that
 * saves 1.4 GiB over a second full copy without changing a single distance or returned value.
 *
 * The rows live in the memory of a WebAssembly scan kernel (`dot_kernel.ts`) when the runtime has
 * one and the store is large enough for it to matter; otherwise in a plain `Float32Array`.
 * @module
 */
import { createDotKernel, type DotKernel } from "./dot_kernel.ts";

/** Rows per block of the stored (not normalised) vectors kept apart. */
const RAW_BLOCK_ROWS = 1024;

/** Vectors of `size` objects, written with {@link VectorData.put}. */
export interface VectorData {
  /** Row width: the length of the first non-empty vector put (0 before). */
  readonly width: number;
  /** What distances read: row `i` is `data[i * width .. (i + 1) * width)` (normalised for cosine). */
  readonly data: Float32Array;
  /** 1 when object `i` has a vector (of any length). */
  readonly has: Uint8Array;
  /** Length of object `i`'s vector as given (rows of another width are not stored). */
  readonly lengths: Int32Array;
  /** The scan kernel whose memory holds `data`, when there is one. */
  readonly kernel: DotKernel | undefined;
  /** Stores object `i`'s vector (once per object). */
  put(i: number, v: ArrayLike<number>): void;
  /** Object `i`'s vector as stored (float32, never normalised), if it has one. */
  vector(i: number): Float32Array | undefined;
}

/** Creates the storage of `size` objects; `normalise` = cosine (rows are unit length). */
export function createVectorData(size: number, normalise: boolean): VectorData {
  const has = new Uint8Array(size);
  const lengths = new Int32Array(size);
  let width = 0;
  let data: Float32Array = new Float32Array(0);
  let kernel: DotKernel | undefined;
  // Object i's stored vector, when it differs from its normalised row: block rawAt[i] >> 10,
  // row rawAt[i] & 1023; -1 = the row itself.
  let rawAt: Int32Array | undefined;
  const rawBlocks: Float32Array[] = [];
  let rawCount = 0;

  const keepRaw = (i: number, v: ArrayLike<number>) => {
    rawAt ??= new Int32Array(size).fill(-1);
    const slot = rawCount++;
    const b = Math.floor(slot / RAW_BLOCK_ROWS);
    if (b === rawBlocks.length) rawBlocks.push(new Float32Array(RAW_BLOCK_ROWS * width));
    rawBlocks[b].set(v, (slot % RAW_BLOCK_ROWS) * width);
    rawAt[i] = slot;
  };

  return {
    get width() {
      return width;
    },
    get data() {
      return data;
    },
    get kernel() {
      return kernel;
    },
    has,
    lengths,
    put(i, v) {
      has[i] = 1;
      lengths[i] = v.length;
      if (width === 0 && v.length > 0) {
        width = v.length;
        const floats = size * width;
        kernel = createDotKernel({ floats, width });
        data = kernel?.data ?? new Float32Array(floats);
      }
      if (v.length !== width || width === 0) return;
      const at = i * width;
      if (!normalise) {
        data.set(v, at);
        return;
      }
      // The arithmetic of `normalize` (search/distance.ts): a float64 sum of squares, then each
      // element divided by its square root (a zero vector stays zero). The same loop checks
      // whether the float32 form of each element equals its row value.
      const rows = data, w = width;
      let sum = 0;
      for (let k = 0; k < w; k++) sum += v[k] * v[k];
      let same = true;
      if (sum === 0) {
        // The row stays +0: a stored -0 differs from it (and is answered as -0).
        for (let k = 0; k < w; k++) if (Object.is(v[k], -0)) same = false;
      } else {
        // x / norm keeps the sign of x, zeros included: comparing the values is bit equality.
        const norm = Math.sqrt(sum);
        for (let k = 0; k < w; k++) {
          const x = v[k];
          const row = Math.fround(x / norm);
          rows[at + k] = row;
          if (row !== Math.fround(x)) same = false;
        }
      }
      if (!same) keepRaw(i, v);
    },
    vector(i) {
      if (has[i] === 0) return undefined;
      const slot = rawAt ? rawAt[i] : -1;
      if (slot < 0) return data.subarray(i * width, (i + 1) * width);
      const row = (slot % RAW_BLOCK_ROWS) * width;
      return rawBlocks[Math.floor(slot / RAW_BLOCK_ROWS)].subarray(row, row + width);
    },
  };
}
