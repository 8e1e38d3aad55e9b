/**
 * Bench contender (not used at run time): the embedded store's former exact vector search, kept
 * to measure the position-order scan against it: candidates in id (UUID) order, one hit object
 * per candidate, then a full sort of all of them. Same float32 data and cosine `1 - dot`.
 * @module
 */

/** Options of {@link formerVectorScan}. */
export interface FormerScanOptions {
  /** Unit-length vectors back to back (`dimensions` each). */
  readonly data: Float32Array;
  readonly dimensions: number;
  /** Object positions in ascending id order (the former candidate order). */
  readonly idOrder: readonly number[];
  readonly limit: number;
}

/** The nearest `limit` (cosine distance) to the unit-length `query`, as the store used to. */
export function formerVectorScan(
  query: Float32Array,
  opts: FormerScanOptions,
): { index: number; distance: number }[] {
  const { data, dimensions } = opts;
  const hits: { index: number; distance: number }[] = [];
  for (const i of opts.idOrder) {
    let dot = 0;
    const o = i * dimensions;
    for (let k = 0; k < dimensions; k++) dot += query[k] * data[o + k];
    hits.push({ index: i, distance: Math.fround(1 - dot) });
  }
  return hits.sort((a, b) => a.distance - b.distance || a.index - b.index).slice(0, opts.limit);
}
