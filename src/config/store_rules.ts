/**
 * Store rules that need the rest of the collection: the store must be able to compute the class's
 * vector distance (pgvector has no hamming; a Vectorize index has one fixed metric).
 * @module
 */
import type { KeyPath } from "./problems.ts";
import type { RuleResult } from "./rules.ts";

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Vectorize's metric names per Weaviate distance. */
const VECTORIZE_METRICS: Record<string, string> = {
  "cosine": "cosine",
  "l2-squared": "euclidean",
  "dot": "dot-product",
};

/** The store must be able to compute the class's distance (pgvector, vectorize). */
export function checkStoreDistance(c: Obj, path: KeyPath, out: RuleResult): void {
  if (!isObject(c.store)) return;
  const config = isObject(c.vectorIndexConfig) ? c.vectorIndexConfig : {};
  const distance = typeof config.distance === "string" ? config.distance : "cosine";
  const at = [...path, "vectorIndexConfig", "distance"];
  if (c.store.kind === "pgvector" && distance === "hamming") {
    out.problems.push({
      path: at,
      message: "the pgvector store supports cosine, dot, l2-squared and manhattan, not hamming",
    });
  }
  if (c.store.kind === "vectorize" && typeof c.store.metric === "string") {
    const expected = VECTORIZE_METRICS[distance];
    if (expected === undefined) {
      out.problems.push({
        path: at,
        message: `Vectorize indexes support cosine, l2-squared (euclidean) and dot ` +
          `(dot-product), not ${distance}`,
      });
    } else if (expected !== c.store.metric) {
      out.problems.push({
        path: [...path, "store", "metric"],
        message: `${JSON.stringify(c.store.metric)} does not match vectorIndexConfig.distance ` +
          `${JSON.stringify(distance)} (expected ${JSON.stringify(expected)})`,
      });
    }
  }
}
