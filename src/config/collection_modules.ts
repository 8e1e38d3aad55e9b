/**
 * Which Weaviate modules a collection uses, read from its moduleConfig (the §2.6 rule: a
 * `reranker-*` key in the class's moduleConfig makes `rerank` available on the class).
 * @module
 */
import type { CollectionConfig } from "./types.ts";

/** The class's reranker module name (`reranker-dummy`, ...), if any. */
export function rerankerModule(c: CollectionConfig): string | undefined {
  return Object.keys(c.moduleConfig).find((k) => k.startsWith("reranker-"));
}

/** True when the class has a reranker, so `_additional { rerank }` exists on it. */
export function hasReranker(c: CollectionConfig): boolean {
  return rerankerModule(c) !== undefined;
}
