/**
 * Provider declarations: one value per reranker, vectorizer and store that says everything the
 * gateway needs to know about it (name, typed settings schema, metadata, capabilities, factory).
 * Registries are lists of these; the config parser validates each module's settings and each
 * store's `store` member with its declaration, and the factory receives the parsed, typed value.
 * @module
 */
import type { z } from "zod";
import type { ModuleDeps } from "./module_deps.ts";
import type { Retriever } from "./retriever.ts";
import type { Reranker } from "./reranker.ts";
import type { Vectorizer } from "./vectorizer.ts";
import type { EnvReader } from "./runtime.ts";

/** What a module does; decides where its name may appear in a class config. */
export type ModuleKind = "reranker" | "vectorizer";

/** A module's entry under `modules` in `GET /v1/meta`. */
export interface ModuleMeta {
  readonly name: string;
  readonly documentationHref: string;
}

/** What a settings check may read from the rest of the config. */
export interface OptionContext {
  /** `modules.allowPrivateBaseUrls`. */
  readonly allowPrivateBaseUrls?: boolean;
}

/** One problem with a module's settings: the offending option key and the message. */
export interface OptionProblem {
  readonly key: string;
  readonly message: string;
}

/** The untyped settings of a module as written in `moduleConfig[<name>]`. */
export type RawSettings = Readonly<Record<string, unknown>>;

/** A module declaration as a provider writes it (typed settings `S`, instance `T`). */
export interface ModuleDeclaration<S, T> {
  /** The Weaviate module name (`reranker-cohere`, `text2vec-hash`, ...). */
  readonly name: string;
  readonly kind: ModuleKind;
  readonly meta: ModuleMeta;
  /** Request header that carries the provider key (named in the "no secrets" hint). */
  readonly apiKeyHeader?: string;
  /** The settings schema; its issues carry the messages the operator sees. */
  readonly settings: z.ZodType<S, RawSettings>;
  /** Cross-field checks that need the rest of the config (e.g. private model URLs). */
  readonly rules?: (settings: RawSettings, context: OptionContext) => OptionProblem[];
  /** Builds one instance per collection from the parsed settings. */
  readonly create: (settings: S, deps: ModuleDeps) => T;
}

/** A declared module, its settings type erased, as registries list it. */
export interface ModuleProvider<T> {
  readonly name: string;
  readonly kind: ModuleKind;
  readonly meta: ModuleMeta;
  readonly apiKeyHeader?: string;
  /** Every problem with `settings` (schema and rules), in the order of the settings' keys. */
  check(settings: RawSettings, context: OptionContext): OptionProblem[];
  /** Parses `settings` with the declaration's schema and builds the instance. */
  create(settings: RawSettings, deps: ModuleDeps): T;
}

/** A reranker module. */
export type RerankerProvider = ModuleProvider<Reranker>;
/** A vectorizer module. */
export type VectorizerProvider = ModuleProvider<Vectorizer>;

/** Turns a typed declaration into the provider registries list. */
export function defineModule<S, T>(d: ModuleDeclaration<S, T>): ModuleProvider<T> {
  return {
    name: d.name,
    kind: d.kind,
    meta: d.meta,
    apiKeyHeader: d.apiKeyHeader,
    check(settings, context) {
      const parsed = d.settings.safeParse(settings);
      const problems: OptionProblem[] = parsed.success ? [] : parsed.error.issues.map((i) => ({
        key: String(i.path[0] ?? ""),
        message: i.message,
      }));
      return [...problems, ...(d.rules?.(settings, context) ?? [])];
    },
    create: (settings, deps) => d.create(d.settings.parse(settings), deps),
  };
}

/** What a store factory receives besides its collection. */
export interface StoreDeps {
  readonly vectorizer?: Vectorizer;
  /** Reads a data file (embedded store). */
  readonly readText: (path: string, signal: AbortSignal) => Promise<string>;
  /** Opens a data file as a byte stream, where the runtime can (JSONL is then streamed). */
  readonly readStream?: (path: string, signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>;
  /** Reads an environment variable (credentials of upstream stores). */
  readonly env?: EnvReader;
  /** Worker bindings by name (Vectorize, ...), on Cloudflare Workers only. */
  readonly bindings?: Readonly<Record<string, unknown>>;
  /** Replaces global fetch (tests). */
  readonly fetch?: typeof fetch;
  /** Store-specific overrides by store kind (tests: PGlite for pgvector). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Default timeout of upstream calls in ms (`limits.modulesClientTimeoutMs`). */
  readonly timeoutMs: number;
  /** `modules.maxResponseBytes`: the largest upstream answer read. */
  readonly maxResponseBytes?: number;
  readonly signal: AbortSignal;
}

/** One problem with a collection that only its store can judge (path below the collection). */
export interface StoreProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * A store declaration: the `store` member's schema (a strict zod object with a `kind` literal),
 * the collection rules only this store has, what it can do beyond retrieval, and the factory.
 * `C` is the collection type, `S` the parsed store config.
 */
export interface StoreDeclaration<C, S> {
  readonly kind: string;
  readonly settings: z.ZodType<S>;
  /** Checks on the raw collection (e.g. a distance this store cannot compute). */
  readonly rules?: (collection: Readonly<Record<string, unknown>>) => StoreProblem[];
  /**
   * Reads the class's properties from the store itself (`"properties": "upstream"`); only stores
   * with a schema of their own have it.
   */
  readonly readProperties?: (
    collection: C,
    store: S,
    deps: StoreDeps & { readonly index: number },
  ) => Promise<C>;
  /** True when the store vectorizes `nearText` itself (no gateway vectorizer needed). */
  readonly vectorizesText?: boolean;
  /** Builds the collection's retriever; its `capabilities` say what this instance can do. */
  readonly create: (collection: C, store: S, deps: StoreDeps) => Promise<Retriever>;
}

/** A declared store, as the store registry lists it. */
export interface StoreProvider<C> {
  readonly kind: string;
  /** The schema of the `store` member (validated by the config parser). */
  readonly settings: z.ZodType<unknown>;
  readonly rules?: (collection: Readonly<Record<string, unknown>>) => StoreProblem[];
  /** True when the store can describe a class's properties (`"properties": "upstream"`). */
  readonly describesProperties: boolean;
  readonly vectorizesText: boolean;
  /** The collection with its properties read from the store (unchanged without a schema). */
  readProperties(
    collection: C & { readonly store: unknown },
    deps: StoreDeps & { readonly index: number },
  ): Promise<C>;
  /** Parses `collection.store` with the declaration's schema and builds the retriever. */
  create(collection: C & { readonly store: unknown }, deps: StoreDeps): Promise<Retriever>;
}

/** Turns a typed store declaration into an entry of the store registry. */
export function defineStore<C, S>(d: StoreDeclaration<C, S>): StoreProvider<C> {
  return {
    kind: d.kind,
    settings: d.settings,
    rules: d.rules,
    describesProperties: d.readProperties !== undefined,
    vectorizesText: d.vectorizesText ?? false,
    readProperties: (collection, deps) =>
      d.readProperties
        ? d.readProperties(collection, d.settings.parse(collection.store), deps)
        : Promise.resolve(collection),
    create: (collection, deps) => d.create(collection, d.settings.parse(collection.store), deps),
  };
}

/** Every provider this build ships: what the config parser and the service builder read. */
export interface ProviderCatalog<C = unknown> {
  readonly rerankers: readonly RerankerProvider[];
  readonly vectorizers: readonly VectorizerProvider[];
  readonly stores: readonly StoreProvider<C>[];
}

/** The module named `name` of the catalog (reranker or vectorizer), if any. */
export function findModule(
  catalog: ProviderCatalog<unknown>,
  name: string,
): ModuleProvider<Reranker | Vectorizer> | undefined {
  return catalog.rerankers.find((m) => m.name === name) ??
    catalog.vectorizers.find((m) => m.name === name);
}
