/**
 * Builds the {@link Services} from a validated config: one store, reranker and vectorizer per
 * collection. Runs once at start-up (never at module scope).
 * @module
 */
import type { ModuleDeps } from "./module_deps.ts";
import type { CollectionConfig, GatewayConfig } from "./config/types.ts";
import { rerankerModule } from "./graphql/modules.ts";
import { createReranker } from "./rerankers/registry.ts";
import type { Reranker } from "./rerankers/reranker.ts";
import type { ModelSource } from "./rerankers/cross_encoder/model_files.ts";
import type { AiBinding } from "./rerankers/workers_ai.ts";
import type { Collection, Services } from "./services.ts";
import type { SqlExecutorFactory } from "./stores/pgvector/create.ts";
import { createRetriever } from "./stores/registry.ts";
import { resolveUpstreamProperties } from "./stores/upstream_schema.ts";
import { createVectorizer } from "./vectorizers/registry.ts";

/** Options of {@link buildServices}. */
export interface BuildServicesOptions {
  /** Reads a data file (the runtime edge decides how: file system, KV, R2, ...). */
  readonly readText: (path: string, signal: AbortSignal) => Promise<string>;
  /** Reads an environment variable (API keys). */
  readonly env?: (name: string) => string | undefined;
  readonly signal?: AbortSignal;
  /** Worker bindings by name (Vectorize, R2, ...), on Cloudflare Workers only. */
  readonly bindings?: Readonly<Record<string, unknown>>;
  /** The Workers AI binding, on Cloudflare Workers only. */
  readonly ai?: AiBinding;
  /** Replaces the reranker factory (tests use it to observe calls). */
  readonly createReranker?: (module: string, collection: CollectionConfig) => Reranker;
  /** Replaces the postgres.js executor of pgvector stores (tests: PGlite). */
  readonly sqlExecutor?: SqlExecutorFactory;
  /** Folder of the manifest models of the local transformer modules (default `models`). */
  readonly modelsDir?: string;
  /** Where local models come from instead of the file system (Workers: R2). */
  readonly models?: ModelSource;
}

/** Creates stores, rerankers and vectorizers for every configured collection. */
export async function buildServices(
  config: GatewayConfig,
  opts: BuildServicesOptions,
): Promise<Services> {
  const signal = opts.signal ?? new AbortController().signal;
  // Properties described by an upstream schema are read before anything is built from them.
  config = await resolveUpstreamProperties(config, { env: opts.env, signal });
  const collections = new Map<string, Collection>();
  for (const c of config.collections) {
    const deps = (module: string): ModuleDeps => ({
      settings: c.moduleConfig[module] ?? {},
      env: opts.env,
      timeoutMs: config.limits.modulesClientTimeoutMs,
      allowPrivateBaseUrls: config.modules?.allowPrivateBaseUrls,
      ai: opts.ai,
      modelsDir: opts.modelsDir,
      models: opts.models,
    });
    const vectorizer = c.vectorizer === "none"
      ? undefined
      : createVectorizer(c.vectorizer, deps(c.vectorizer));
    const retriever = await createRetriever(c, {
      vectorizer,
      readText: opts.readText,
      env: opts.env,
      bindings: opts.bindings,
      sqlExecutor: opts.sqlExecutor,
      timeoutMs: config.limits.modulesClientTimeoutMs,
      signal,
    });
    const module = rerankerModule(c);
    const reranker = module
      ? (opts.createReranker?.(module, c) ??
        createReranker(module, deps(module)))
      : undefined;
    collections.set(c.class, { config: c, retriever, reranker, vectorizer });
  }
  const envName = config.authentication.apiKeysEnv;
  const raw = envName ? opts.env?.(envName) ?? "" : "";
  const apiKeys = raw.split(",").map((k) => k.trim()).filter(Boolean);
  return { config, collections, apiKeys };
}
