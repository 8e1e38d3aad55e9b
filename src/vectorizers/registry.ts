/**
 * The vectorizer modules this build ships, as a list of declarations. Adding a vectorizer = its
 * file with a `defineModule` declaration, plus one line here.
 * @module
 */
import type { ModuleDeps } from "../core/module_deps.ts";
import type { VectorizerProvider } from "../core/provider.ts";
import type { Vectorizer } from "../core/vectorizer.ts";
import { COHERE_VECTORIZER } from "./cohere.ts";
import { HASH_VECTORIZER } from "./hash.ts";
import { TRANSFORMERS_VECTORIZER } from "./transformers.ts";
import { WORKERS_AI_VECTORIZER } from "./workers_ai.ts";

/** Every vectorizer module. */
export const VECTORIZERS: readonly VectorizerProvider[] = [
  HASH_VECTORIZER,
  TRANSFORMERS_VECTORIZER,
  COHERE_VECTORIZER,
  WORKERS_AI_VECTORIZER,
];

/** Options of {@link createVectorizer}: the module's settings plus what the runtime provides. */
export type CreateVectorizerOptions = ModuleDeps;

/** Creates the vectorizer for a module name; throws for modules this build does not have. */
export function createVectorizer(module: string, opts: CreateVectorizerOptions): Vectorizer {
  const provider = VECTORIZERS.find((v) => v.name === module);
  if (!provider) throw new Error(`vectorizer module ${module} is not available in this build`);
  return provider.create(opts.settings, opts);
}
