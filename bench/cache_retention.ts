/**
 * Heap retained by the gateway's document cache under literal-vector traffic: every request has a
 * new vector, so every parsed and validated document is cached and never hit again.
 * @module
 */
import { createGraphQLExecutor } from "../src/graphql/executor.ts";
import type { Services } from "../src/pipeline/services.ts";
import { getQuery, nearVectorArg } from "./gateway_cases.ts";
import { randomVector, rng } from "./gateway_fixture.ts";
import type { BenchTable } from "./report.ts";

/** Options of {@link cacheRetentionTable}. */
export interface CacheRetentionOptions {
  readonly services: Services;
  readonly classes: { readonly 384: string; readonly 1536: string };
  /** Unique queries to send; the cache holds 512. */
  readonly queries: number;
}

/** V8 heap growth (after gc) of a fresh executor after `queries` unique-vector queries. */
export async function cacheRetentionTable(o: CacheRetentionOptions): Promise<BenchTable> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const ctx = { signal: new AbortController().signal, headers: {} };
  const rows: string[][] = [];
  for (const dim of [384, 1536] as const) {
    const executor = createGraphQLExecutor(o.services);
    const rand = rng(99);
    const queries = Array.from({ length: o.queries }, () =>
      getQuery({
        className: o.classes[dim],
        search: nearVectorArg(randomVector(rand, dim)),
        limit: 10,
        rerank: true,
        metric: "distance",
      }));
    gc?.();
    const before = Deno.memoryUsage().heapUsed;
    for (const query of queries) await executor.run({ query }, ctx);
    gc?.();
    const grown = (Deno.memoryUsage().heapUsed - before) / 2 ** 20;
    rows.push([
      `${dim}-d literal`,
      String(o.queries),
      gc ? grown.toFixed(1) : "n/a (run with --v8-flags=--expose-gc)",
      gc ? (grown * 1024 / Math.min(o.queries, 512)).toFixed(0) : "n/a",
    ]);
    void executor;
  }
  return {
    title: "Heap retained by the document cache after unique-vector queries (fresh executor)",
    header: ["documents", "unique queries", "heap growth MiB", "KiB per cached document"],
    rows,
  };
}
