/**
 * Weaviate's query limits as defaults, in one place: the config schema fills them in, and tests and
 * benchmarks that build a config by hand start from them.
 * @module
 */
import type { LimitsConfig } from "./types.ts";

/** QUERY_DEFAULTS_LIMIT, QUERY_DEFAULTS_LIMIT_GRAPHQL, QUERY_MAXIMUM_RESULTS, ... as Weaviate ships them. */
export const DEFAULT_LIMITS: LimitsConfig = {
  queryDefaultsLimit: 10,
  queryDefaultsLimitGraphQL: 100,
  queryMaximumResults: 10000,
  queryHybridMaximumResults: 100,
  modulesClientTimeoutMs: 50000,
  maxRequestBytes: 10 * 1024 * 1024,
  // Request budget (connection time, CPU, concurrency): keep these together.
  requestTimeoutMs: 60_000,
  maxConcurrentRequests: 64,
  maxQueuedRequests: 256,
};
