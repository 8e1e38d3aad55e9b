/**
 * What every module factory (rerankers, vectorizers) receives: its moduleConfig entry plus what
 * the runtime and the gateway config provide. One type, so both registries stay in step.
 * @module
 */
import type {
  AiBinding,
  HostResolver,
  InferenceHost,
  ModelResolver,
  ModelSource,
} from "./runtime.ts";

/** Default of `modules.maxResponseBytes`: the largest provider or upstream answer read (32 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

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
  /**
   * `modules.baseUrlAllowList`: hosts a per-request base URL may name and still get the
   * operator's key (from the environment); any other header base URL needs a key from the request.
   */
  readonly baseUrlAllowList?: readonly string[];
  /** `modules.maxResponseBytes` (default {@link DEFAULT_MAX_RESPONSE_BYTES}). */
  readonly maxResponseBytes?: number;
  /** The runtime's resolver for the base-URL guard (Deno); absent on Workers. */
  readonly resolveHost?: HostResolver;
  /** Replaces global fetch (tests). */
  readonly fetch?: typeof fetch;
  /** The Workers AI binding (`env.AI`); only the Workers runtime has one. */
  readonly ai?: AiBinding;
  /** Replaces the model source's resolver (tests). */
  readonly resolveModel?: ModelResolver;
  /** Where local models come from (the Runtime port's model source). */
  readonly models?: ModelSource;
  /** Where local inference runs (the Runtime port's). */
  readonly inference?: InferenceHost;
  /** The operator's log (one line each), for notices such as an inference fallback. */
  readonly log?: (line: string) => void;
}

/** Weaviate's MODULES_CLIENT_TIMEOUT default (50 s): a provider call's budget when none is set. */
export const MODULES_CLIENT_TIMEOUT_MS = 50_000;

/** A module's call budget: its own `timeoutMs` setting, else the gateway's, else Weaviate's. */
export function moduleTimeoutMs(setting: number | undefined, deps: ModuleDeps): number {
  return setting ?? deps.timeoutMs ?? MODULES_CLIENT_TIMEOUT_MS;
}
