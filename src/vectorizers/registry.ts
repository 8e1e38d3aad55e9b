/**
 * Maps Weaviate vectorizer module names to implementations.
 * @module
 */
import { createHashVectorizer } from "./hash.ts";
import type { Vectorizer } from "./vectorizer.ts";

/** Options of {@link createVectorizer}. */
export interface CreateVectorizerOptions {
  /** The module's entry in the class's moduleConfig. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Module names this build can instantiate. */
export const AVAILABLE_VECTORIZERS: readonly string[] = ["text2vec-hash"];

/** Creates the vectorizer for a module name; throws for modules this build does not have. */
export function createVectorizer(module: string, opts: CreateVectorizerOptions): Vectorizer {
  switch (module) {
    case "text2vec-hash": {
      const d = opts.settings.dimensions;
      return createHashVectorizer(typeof d === "number" ? { dimensions: d } : {});
    }
    default:
      throw new Error(`vectorizer module ${module} is not available in this build`);
  }
}
