/**
 * Builds the {@link Services} from a validated config: one store, reranker and vectorizer per
 * collection. Runs once at start-up (never at module scope).
 * @module
 */
import type { ModuleDeps } from "../core/module_deps.ts";
import type { CollectionConfig, GatewayConfig } from "../config/types.ts";
import { rerankerModule } from "../config/collection_modules.ts";
import type { Reranker } from "../core/reranker.ts";
import type { Runtime } from "../core/runtime.ts";
import type { Vectorizer } from "../core/vectorizer.ts";
import type { Collection, Services } from "./services.ts";
import type { SqlExecutorFactory } from "../stores/pgvector/create.ts";
import { resolveUpstreamProperties } from "../stores/registry.ts";
import { PGVECTOR_EXECUTOR } from "../stores/pgvector/declaration.ts";
import type { ModuleProvider, ProviderCatalog } from "../core/provider.ts";
import { CATALOG } from "./catalog.ts";

/** Options of {@link buildServices}. */
export interface BuildServicesOptions {
  /** What the platform provides (env, data files, models, bindings), built by the runtime edge. */
  readonly runtime: Runtime;
  readonly signal?: AbortSignal;
  /** Replaces the reranker factory (tests use it to observe calls). */
  readonly createReranker?: (module: string, collection: CollectionConfig) => Reranker;
  /** Replaces the postgres.js executor of pgvector stores (tests: PGlite). */
  readonly sqlExecutor?: SqlExecutorFactory;
  /** The providers to build from (default: every provider of this build). */
  readonly catalog?: ProviderCatalog<CollectionConfig>;
}

/** Creates stores, rerankers and vectorizers for every configured collection. */
export async function buildServices(
  config: GatewayConfig,
  opts: BuildServicesOptions,
): Promise<Services> {
  const signal = opts.signal ?? new AbortController().signal;
  // Properties described by an upstream schema are read before anything is built from them.
  const { runtime } = opts;
  config = await resolveUpstreamProperties(config, {
    env: runtime.env,
    maxResponseBytes: config.modules?.maxResponseBytes,
    signal,
  });
  const catalog = opts.catalog ?? CATALOG;
  const collections = new Map<string, Collection>();
  for (const c of config.collections) {
    const deps = (module: string) => moduleDeps(config, c, module, runtime);
    const vectorizer = createVectorizer(config, c, runtime, catalog);
    const store = catalog.stores.find((s) => s.kind === c.store.kind);
    if (!store) throw new Error(`store kind ${c.store.kind} is not available in this build`);
    const retriever = await store.create(c, {
      vectorizer,
      readText: runtime.readText,
      readStream: runtime.readStream,
      env: runtime.env,
      bindings: runtime.bindings,
      overrides: opts.sqlExecutor ? { [PGVECTOR_EXECUTOR]: opts.sqlExecutor } : undefined,
      timeoutMs: config.limits.modulesClientTimeoutMs,
      maxResponseBytes: config.modules?.maxResponseBytes,
      signal,
    });
    const module = rerankerModule(c, config.collections);
    const reranker = module
      ? (opts.createReranker?.(module, c) ??
        provider(catalog.rerankers, module).create(deps(module).settings, deps(module)))
      : undefined;
    collections.set(c.class, {
      config: c,
      retriever,
      reranker,
      vectorizer,
      vectorizesText: store.vectorizesText,
    });
  }
  const apiKeys = apiKeysOf(config, runtime.env);
  const warning = authWarning(config, runtime.env);
  if (warning) runtime.log(warning);
  return { config, collections, apiKeys, catalog };
}

/** The allowed API keys: the comma-separated list in the env variable the config names. */
function apiKeysOf(config: GatewayConfig, env: Runtime["env"]): string[] {
  const envName = config.authentication.apiKeysEnv;
  const raw = envName ? env(envName) ?? "" : "";
  return raw.split(",").map((k) => k.trim()).filter(Boolean);
}

/**
 * The start-up warning when anonymous access is off and no key is configured (also printed by
 * `deno task config check`), or `undefined`.
 */
export function authWarning(config: GatewayConfig, env: Runtime["env"]): string | undefined {
  if (config.authentication.anonymousAccessEnabled || apiKeysOf(config, env).length > 0) return;
  const envName = config.authentication.apiKeysEnv;
  const where = envName
    ? `the env variable ${envName} (authentication.apiKeysEnv) is unset or empty`
    : "authentication.apiKeysEnv is not set";
  return `warning: anonymous access is disabled but no API key is configured (${where}): ` +
    "every request except the /v1/.well-known probes is refused (401)";
}

/** What the provider `module` of collection `c` is built with. */
function moduleDeps(
  config: GatewayConfig,
  c: CollectionConfig,
  module: string,
  runtime: Runtime,
): ModuleDeps {
  return {
    settings: c.moduleConfig[module] ?? {},
    env: runtime.env,
    timeoutMs: config.limits.modulesClientTimeoutMs,
    allowPrivateBaseUrls: config.modules?.allowPrivateBaseUrls,
    baseUrlAllowList: config.modules?.baseUrlAllowList,
    maxResponseBytes: config.modules?.maxResponseBytes,
    resolveHost: runtime.resolveHost,
    ai: runtime.ai,
    models: runtime.models,
    inference: runtime.inference,
    log: runtime.log,
  };
}

/** The vectorizer of collection `c` (none for `vectorizer: "none"`), as the server builds it. */
export function createVectorizer(
  config: GatewayConfig,
  c: CollectionConfig,
  runtime: Runtime,
  catalog: ProviderCatalog<CollectionConfig> = CATALOG,
): Vectorizer | undefined {
  if (c.vectorizer === "none") return undefined;
  const deps = moduleDeps(config, c, c.vectorizer, runtime);
  return provider(catalog.vectorizers, c.vectorizer).create(deps.settings, deps);
}

/** The module `name` of `list`; the config parser has already refused unknown names. */
function provider<T>(list: readonly ModuleProvider<T>[], name: string): ModuleProvider<T> {
  const found = list.find((m) => m.name === name);
  if (!found) throw new Error(`module ${name} is not available in this build`);
  return found;
}
