/**
 * A bounded top-k selection over (object position, value) pairs: a binary heap of at most `k`
 * entries in typed arrays whose root is the worst kept entry, so each offer costs one comparison
 * unless it beats the root. Ties go to the lower position, so the result does not depend on the
 * order the pairs are offered in.
 * @module
 */

/** Options of {@link createTopK}. */
export interface TopKOptions {
  /** Entries kept (at most); `Infinity` keeps all of `capacity`. */
  readonly k: number;
  /** Upper bound of the number of offers (sizes the arrays when `k` is larger). */
  readonly capacity: number;
  /** `true`: higher values are better (scores); `false`: lower are better (distances). */
  readonly descending: boolean;
}

/** The kept entries, best first. */
export interface TopKResult {
  readonly indexes: Int32Array;
  readonly values: Float64Array;
}

/** A bounded best-k collector. */
export interface TopK {
  /** Offers object `index` with `value`. */
  offer(index: number, value: number): void;
  /** The kept entries, best first (ties: lower index first). Call once. */
  drain(): TopKResult;
}

/** Creates a collector keeping the best `k` offers. */
export function createTopK(opts: TopKOptions): TopK {
  const k = Math.max(0, Math.min(opts.k, opts.capacity));
  const idx = new Int32Array(k);
  const val = new Float64Array(k);
  const sign = opts.descending ? 1 : -1;
  let size = 0;
  // worse(i, j): entry i ranks below entry j.
  const worse = (vi: number, ii: number, vj: number, ij: number) => {
    const a = vi * sign, b = vj * sign;
    return a < b || (a === b && ii > ij);
  };
  const siftUp = (pos: number) => {
    const v = val[pos], ix = idx[pos];
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!worse(v, ix, val[parent], idx[parent])) break;
      val[pos] = val[parent];
      idx[pos] = idx[parent];
      pos = parent;
    }
    val[pos] = v;
    idx[pos] = ix;
  };
  const siftDown = (pos: number, n: number) => {
    const v = val[pos], ix = idx[pos];
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && worse(val[right], idx[right], val[child], idx[child])) child = right;
      if (!worse(val[child], idx[child], v, ix)) break;
      val[pos] = val[child];
      idx[pos] = idx[child];
      pos = child;
    }
    val[pos] = v;
    idx[pos] = ix;
  };
  return {
    offer(index, value) {
      if (size < k) {
        val[size] = value;
        idx[size] = index;
        siftUp(size++);
      } else if (k > 0 && worse(val[0], idx[0], value, index)) {
        val[0] = value;
        idx[0] = index;
        siftDown(0, k);
      }
    },
    drain() {
      // Heap sort in place: repeatedly move the worst to the end of the shrinking heap.
      for (let n = size - 1; n > 0; n--) {
        const v = val[0], ix = idx[0];
        val[0] = val[n];
        idx[0] = idx[n];
        val[n] = v;
        idx[n] = ix;
        siftDown(0, n);
      }
      return { indexes: idx.subarray(0, size), values: val.subarray(0, size) };
    },
  };
}
