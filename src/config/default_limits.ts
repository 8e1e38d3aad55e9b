/**
 * Weaviate's query limits as defaults, in one place: the config schema fills them in, and tests and
 * benchmarks that build a config by hand start from them.
 * @module
 */
import { MODULES_CLIENT_TIMEOUT_MS } from "../core/module_deps.ts";
import type { LimitsConfig } from "./types.ts";

/**
 * QUERY_DEFAULTS_LIMIT, QUERY_DEFAULTS_LIMIT_GRAPHQL, QUERY_MAXIMUM_RESULTS, ... as Weaviate ships
 * them; then the gateway's own per-request caps, far above what a Weaviate client sends.
 */
export const DEFAULT_LIMITS: LimitsConfig = {
  queryDefaultsLimit: 10,
  queryDefaultsLimitGraphQL: 100,
  queryMaximumResults: 10000,
  queryHybridMaximumResults: 100,
  modulesClientTimeoutMs: MODULES_CLIENT_TIMEOUT_MS,
  maxRequestBytes: 10 * 1024 * 1024,
  maxQueryDepth: 128,
  maxClassFields: 1000,
  maxExpandedFields: 20000,
  maxBatchItems: 1000,
  maxResponseBytes: 256 * 1024 * 1024,
  documentCacheBytes: 64 * 1024 * 1024,
  maxRequestResults: 100_000,
  // Request budget (connection time, CPU, concurrency): keep these together.
  requestTimeoutMs: 60_000,
  maxConcurrentRequests: 64,
  maxQueuedRequests: 256,
};
