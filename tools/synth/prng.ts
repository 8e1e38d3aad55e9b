/**
 * Deterministic pseudo-random numbers for synthetic weights: mulberry32, a 32-bit generator that
 * is tiny, fast and gives the same sequence on every JS engine for the same seed.
 * @module
 */

/** A source of uniform floats in [0, 1). */
export type Random = () => number;

/** mulberry32 seeded with `seed` (any integer; only the low 32 bits are used). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills a new Float32Array of `size` with uniform values in `[center - halfWidth, center + halfWidth)`. */
export function uniform(
  random: Random,
  size: number,
  opts: { center?: number; halfWidth: number },
): Float32Array {
  const out = new Float32Array(size);
  const center = opts.center ?? 0;
  const span = 2 * opts.halfWidth;
  for (let i = 0; i < size; i++) out[i] = center + (random() - 0.5) * span;
  return out;
}
