/**
 * Weaviate's vector distances, on float32 semantics: inputs are rounded to float32 (a
 * `Float32Array` already is), sums accumulate in float64 and the result is rounded to float32,
 * which matches Weaviate's float32 arithmetic to within a unit in the last place.
 *
 * - `cosine`: `1 - cos(a, b)`; Weaviate normalises vectors for cosine, so callers may pass
 *   normalised vectors and get `1 - dot`. A zero vector has distance 1 to everything.
 * - `dot`: the negative dot product (smaller = more similar).
 * - `l2-squared`: the squared Euclidean distance.
 * - `manhattan`: the sum of absolute differences.
 * - `hamming`: the number of positions whose values differ.
 * @module
 */
import type { DistanceMetric } from "../config/types.ts";

/** A vector as stored (`Float32Array`) or as given in a query (`number[]`). */
export type VectorLike = ArrayLike<number>;

/** A distance function between two equally long vectors. */
export type DistanceFn = (a: VectorLike, b: VectorLike) => number;

const f = Math.fround;

/** Cosine distance `1 - cos(a, b)`; 1 when either vector is all zeros. */
export function cosineDistance(a: VectorLike, b: VectorLike): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = f(a[i]), y = f(b[i]);
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 1;
  return f(1 - dot / Math.sqrt(na * nb));
}

/** Weaviate's `dot` distance: the negative dot product. */
export function dotDistance(a: VectorLike, b: VectorLike): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += f(a[i]) * f(b[i]);
  return f(-dot);
}

/** Squared Euclidean distance. */
export function l2SquaredDistance(a: VectorLike, b: VectorLike): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = f(a[i]) - f(b[i]);
    sum += d * d;
  }
  return f(sum);
}

/** Manhattan (L1) distance. */
export function manhattanDistance(a: VectorLike, b: VectorLike): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(f(a[i]) - f(b[i]));
  return f(sum);
}

/** Hamming distance: how many positions differ. */
export function hammingDistance(a: VectorLike, b: VectorLike): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (f(a[i]) !== f(b[i])) count++;
  return count;
}

/** The distance function of a metric. */
export function distanceFunction(metric: DistanceMetric): DistanceFn {
  switch (metric) {
    case "cosine":
      return cosineDistance;
    case "dot":
      return dotDistance;
    case "l2-squared":
      return l2SquaredDistance;
    case "manhattan":
      return manhattanDistance;
    case "hamming":
      return hammingDistance;
  }
}

/** Weaviate's certainty of a cosine distance: `1 - distance / 2`. */
export function certaintyFromDistance(distance: number): number {
  return 1 - distance / 2;
}

/** The cosine distance a certainty threshold corresponds to: `2 * (1 - certainty)`. */
export function distanceFromCertainty(certainty: number): number {
  return 2 * (1 - certainty);
}

/** Returns `v` scaled to unit length as a `Float32Array` (a zero vector stays zero). */
export function normalize(v: VectorLike): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const out = new Float32Array(v.length);
  if (sum === 0) return out;
  const norm = Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / norm;
  return out;
}
