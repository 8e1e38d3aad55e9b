/**
 * The reranker modules this build ships, as a list of declarations. Adding a reranker = its file
 * (or folder) with a `defineModule` declaration, plus one line here.
 * @module
 */
import type { ModuleDeps } from "../core/module_deps.ts";
import type { RerankerProvider } from "../core/provider.ts";
import type { Reranker } from "../core/reranker.ts";
import { COHERE_RERANKER } from "./cohere.ts";
import { DUMMY_RERANKER } from "./dummy.ts";
import {
  JINAAI_RERANKER,
  MIXEDBREAD_RERANKER,
  TEI_RERANKER,
  VOYAGEAI_RERANKER,
} from "./http_protocols.ts";
import { TRANSFORMERS_RERANKER } from "./transformers.ts";
import { WORKERS_AI_RERANKER } from "./workers_ai.ts";

/** Every reranker module. */
export const RERANKERS: readonly RerankerProvider[] = [
  DUMMY_RERANKER,
  TRANSFORMERS_RERANKER,
  TEI_RERANKER,
  JINAAI_RERANKER,
  VOYAGEAI_RERANKER,
  WORKERS_AI_RERANKER,
  MIXEDBREAD_RERANKER,
  COHERE_RERANKER,
];

/** Options of {@link createReranker}: the module's settings plus what the runtime provides. */
export type CreateRerankerOptions = ModuleDeps;

/** Creates the reranker for a module name; throws for modules this build does not have. */
export function createReranker(module: string, opts: CreateRerankerOptions): Reranker {
  const provider = RERANKERS.find((r) => r.name === module);
  if (!provider) throw new Error(`reranker module ${module} is not available in this build`);
  return provider.create(opts.settings, opts);
}
