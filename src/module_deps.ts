/**
 * What every module factory (rerankers, vectorizers) receives: its moduleConfig entry plus what
 * the runtime and the gateway config provide. One type, so both registries stay in step.
 * @module
 */
import type { ModelResolver, ModelSource } from "./rerankers/cross_encoder/model_files.ts";
import type { AiBinding } from "./rerankers/workers_ai.ts";

/** The inputs of a module factory. */
export interface ModuleDeps {
  /** The module's entry in the class's moduleConfig (validated by the config). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Reads an environment variable (provider keys). */
  readonly env?: (name: string) => string | undefined;
  /** `limits.modulesClientTimeoutMs`; a module's own `timeoutMs` setting wins. */
  readonly timeoutMs?: number;
  /** `modules.allowPrivateBaseUrls`. */
  readonly allowPrivateBaseUrls?: boolean;
  /** Replaces global fetch (tests). */
  readonly fetch?: typeof fetch;
  /** The Workers AI binding (`env.AI`); only the Workers runtime has one. */
  readonly ai?: AiBinding;
  /** Resolves local model ids/paths (`*-transformers` with `model`); default: models/. */
  readonly resolveModel?: ModelResolver;
  /** Folder of the manifest models for the default resolver (default `models`). */
  readonly modelsDir?: string;
  /** Replaces the file system as the source of local models (Workers: R2). */
  readonly models?: ModelSource;
}
