/**
 * Weaviate's query limits as defaults, in one place: the config schema fills them in, and tests and
 * benchmarks that build a config by hand start from them.
 * @module
 */
import { MODULES_CLIENT_TIMEOUT_MS } from "../core/module_deps.ts";
import type { LimitsConfig } from "./types.ts";

/** QUERY_DEFAULTS_LIMIT, QUERY_DEFAULTS_LIMIT_GRAPHQL, QUERY_MAXIMUM_RESULTS, ... as Weaviate ships them. */
export const DEFAULT_LIMITS: LimitsConfig = {
  queryDefaultsLimit: 10,
  queryDefaultsLimitGraphQL: 100,
  queryMaximumResults: 10000,
  queryHybridMaximumResults: 100,
  modulesClientTimeoutMs: MODULES_CLIENT_TIMEOUT_MS,
  maxRequestBytes: 10 * 1024 * 1024,
};
