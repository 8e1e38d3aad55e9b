/**
 * Maps Weaviate reranker module names to implementations.
 * @module
 */
import { createDummyReranker } from "./dummy.ts";
import type { Reranker } from "./reranker.ts";

/** Options of {@link createReranker}. */
export interface CreateRerankerOptions {
  /** The module's entry in the class's moduleConfig. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Module names this build can instantiate. */
export const AVAILABLE_RERANKERS: readonly string[] = ["reranker-dummy"];

/** Creates the reranker for a module name; throws for modules this build does not have. */
export function createReranker(module: string, _opts: CreateRerankerOptions): Reranker {
  switch (module) {
    case "reranker-dummy":
      return createDummyReranker();
    default:
      throw new Error(`reranker module ${module} is not available in this build`);
  }
}
