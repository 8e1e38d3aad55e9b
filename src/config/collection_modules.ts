/**
 * Which Weaviate modules a collection uses, read from the moduleConfig of the configured classes
 * (the §2.6 rule, Weaviate's `shouldIncludeClassArgument` in `usecases/modules/modules.go`): a
 * `reranker-*` key in the class's moduleConfig makes `rerank` available on the class, and so does
 * exactly one reranker module enabled on the server. The gateway's enabled reranker modules are
 * the `reranker-*` keys of all configured classes.
 *
 * Vectorizers have no such fallback: a vectorizer module applies to a class only when it is the
 * class's `vectorizer` (the same function returns before the one-module rule for them).
 * @module
 */
import type { CollectionConfig } from "./types.ts";

function ownReranker(c: CollectionConfig): string | undefined {
  return Object.keys(c.moduleConfig).find((k) => k.startsWith("reranker-"));
}

/** The distinct reranker modules named by `collections`, in first-seen order. */
export function enabledRerankers(collections: readonly CollectionConfig[]): string[] {
  const out = new Set<string>();
  for (const c of collections) {
    for (const k of Object.keys(c.moduleConfig)) if (k.startsWith("reranker-")) out.add(k);
  }
  return [...out];
}

/**
 * The reranker module (`reranker-dummy`, ...) of class `c`: its own moduleConfig key, else the
 * only reranker module enabled across `collections` (Weaviate's
 * `isOnlyOneModuleEnabledOfAGivenType`), else none.
 */
export function rerankerModule(
  c: CollectionConfig,
  collections: readonly CollectionConfig[] = [c],
): string | undefined {
  const own = ownReranker(c);
  if (own) return own;
  const enabled = enabledRerankers(collections);
  return enabled.length === 1 ? enabled[0] : undefined;
}

/** True when a reranker applies to the class, so `_additional { rerank }` exists on it. */
export function hasReranker(
  c: CollectionConfig,
  collections: readonly CollectionConfig[] = [c],
): boolean {
  return rerankerModule(c, collections) !== undefined;
}
