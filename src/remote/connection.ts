/**
 * How a remote provider call may travel: the env reader for operator keys, the call budget, the
 * base-URL rules (private hosts, the allow list, DNS) and the answer cap. One type for every
 * remote reranker and embedder, and one builder from a module's deps.
 * @module
 */
import type { ModuleDeps } from "../core/module_deps.ts";
import { moduleTimeoutMs } from "../core/module_deps.ts";
import type { HostResolver } from "../core/runtime.ts";

/** The connection options every remote provider takes. */
export interface RemoteConnection {
  /** Reads an environment variable (operator keys). */
  readonly env: (name: string) => string | undefined;
  /** Budget per provider call (chunks, the retry and the body read included). */
  readonly timeoutMs: number;
  /** Lets a base-URL header name http and private/loopback hosts. */
  readonly allowPrivateBaseUrls?: boolean;
  /** Hosts a base-URL header may name and still get the env key (`modules.baseUrlAllowList`). */
  readonly baseUrlAllowList?: readonly string[];
  /** Largest answer read, in bytes (`modules.maxResponseBytes`). */
  readonly maxResponseBytes?: number;
  /** Resolves base-URL header hosts for the private-address guard (Deno only). */
  readonly resolveHost?: HostResolver;
  /** Replaces global fetch (tests). */
  readonly fetch?: typeof fetch;
}

/** The connection of a module from its deps and its own `timeoutMs` setting. */
export function remoteConnection(deps: ModuleDeps, timeoutMs?: number): RemoteConnection {
  return {
    env: deps.env ?? (() => undefined),
    timeoutMs: moduleTimeoutMs(timeoutMs, deps),
    allowPrivateBaseUrls: deps.allowPrivateBaseUrls ?? false,
    baseUrlAllowList: deps.baseUrlAllowList,
    maxResponseBytes: deps.maxResponseBytes,
    resolveHost: deps.resolveHost,
    fetch: deps.fetch,
  };
}
