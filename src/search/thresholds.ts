/**
 * Certainty / distance thresholds of near* searches as one bound on Weaviate's distance, with
 * Weaviate's errors (both given; certainty on a non-cosine index). Used by the upstream stores.
 * @module
 */
import type { DistanceMetric } from "../config/types.ts";
import { distanceFromCertainty } from "./distance.ts";

/** The largest Weaviate distance a plan's `certainty` / `distance` allows, if any. */
export function maxDistance(
  metric: DistanceMetric,
  t: { readonly certainty?: number; readonly distance?: number },
): number | undefined {
  if (t.certainty !== undefined && t.distance !== undefined) {
    throw new Error("cannot provide distance and certainty");
  }
  if (t.certainty !== undefined) {
    if (metric !== "cosine") {
      throw new Error(
        `can't compute and return certainty when vector index is configured with ${metric} distance`,
      );
    }
    return distanceFromCertainty(t.certainty);
  }
  return t.distance;
}
