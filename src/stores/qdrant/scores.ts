/**
 * Qdrant scores as Weaviate distances (Qdrant v1.19 `postprocess`): Cosine and Dot return a
 * similarity, Euclid the true L2 distance, Manhattan the L1 distance. Weaviate's `l2-squared` is
 * the square of Qdrant's Euclid score; certainty exists only for cosine (`1 - distance / 2`).
 * @module
 */
import type { DistanceMetric } from "../../config/types.ts";

/** Weaviate's distance of a Qdrant score. */
export function distanceFromScore(score: number, metric: DistanceMetric): number {
  switch (metric) {
    case "cosine":
      return Math.fround(1 - score);
    case "dot":
      return Math.fround(-score);
    case "l2-squared":
      return Math.fround(score * score);
    case "manhattan":
      return Math.fround(score);
    case "hamming":
      throw new Error("qdrant store: hamming distance has no Qdrant equivalent");
  }
}

/** Qdrant's `score_threshold` for a Weaviate `distance` (or cosine `certainty`) threshold. */
export function scoreThreshold(
  t: { certainty?: number; distance?: number },
  metric: DistanceMetric,
): number | undefined {
  if (t.certainty !== undefined) {
    if (metric !== "cosine") {
      throw new Error(
        `can't compute and return certainty when vector index is configured with ${metric} distance`,
      );
    }
    return 2 * t.certainty - 1;
  }
  if (t.distance === undefined) return undefined;
  switch (metric) {
    case "cosine":
      return 1 - t.distance;
    case "dot":
      return -t.distance;
    case "l2-squared":
      return Math.sqrt(Math.max(0, t.distance));
    default:
      return t.distance;
  }
}
