/**
 * The Retriever contract: every store (embedded, weaviate, qdrant, pgvector, vectorize) runs these
 * tests over the same small dataset with explicit ids and vectors. Checks that depend on a feature
 * run only when the store's capabilities claim it; the features a store does not claim must be
 * refused by `runPipeline` with a clear error instead.
 *
 * Usage (one file per backend, e.g. `tests/stores/contract_qdrant_test.ts`):
 *
 * ```ts
 * retrieverContract("qdrant", async (records, collection) => {
 *   const server = await startFakeQdrant(records, collection);
 *   const retriever = await createQdrantStore({ ... url: server.url ... });
 *   return { retriever, close: () => server.close(), fault: (m) => server.setFault(m) };
 * });
 * ```
 * @module
 */
import assert from "node:assert/strict";
import type { CollectionConfig } from "../../src/config/types.ts";
import { runPipeline } from "../../src/pipeline/pipeline.ts";
import type { CompareOperator, Filter, QueryPlan, Search } from "../../src/core/plan.ts";
import type { Retriever } from "../../src/core/retriever.ts";
import { contractCases } from "./contract_cases.ts";
import {
  CONTRACT_RECORDS,
  contractCollection,
  contractPlan,
  type ContractRecord,
  FILTER_CASES,
  nums,
  retrieve,
  uuid,
} from "./contract_data.ts";

export {
  CONTRACT_CLASS,
  CONTRACT_RECORDS,
  contractCollection,
  contractPlan,
  type ContractRecord,
} from "./contract_data.ts";

/** How an upstream should misbehave from now on (`undefined` = heal). */
export type ContractFault = "error" | "hang" | undefined;

/** What a backend hands the suite. */
export interface ContractSubject {
  readonly retriever: Retriever;
  /** Stops servers and frees resources; called in `finally`. */
  close?(): Promise<void> | void;
  /**
   * Makes the upstream fail (`error`: a 5xx / broken answer) or never answer (`hang`). Absent for
   * in-process stores, whose upstream-error checks are then skipped.
   */
  fault?(mode: ContractFault): void;
}

/** Builds a backend over `records` for `collection` (its `store` is the embedded one: replace it). */
export type MakeRetriever = (
  records: readonly ContractRecord[],
  collection: CollectionConfig,
) => Promise<ContractSubject>;

/** Options of {@link retrieverContract}. */
export interface ContractOptions {
  /**
   * Leaf operators the backend cannot translate: plans using them must be refused (reject with an
   * Error naming the operator) instead of answered wrongly.
   */
  readonly unsupportedOperators?: readonly CompareOperator[];
  /** Tolerance of distances and scores (float32 round trips); default 1e-5. */
  readonly epsilon?: number;
}

/** Does `filter` use any of `ops`? */
function usesAny(filter: Filter, ops: ReadonlySet<string>): boolean {
  if ("operands" in filter) return filter.operands.some((f) => usesAny(f, ops));
  return ops.has(filter.operator);
}

/** Registers the contract tests for one backend; `make` runs once per test. */
export function retrieverContract(
  name: string,
  make: MakeRetriever,
  opts: ContractOptions = {},
): void {
  const eps = opts.epsilon ?? 1e-5;
  const unsupported = new Set<string>(opts.unsupportedOperators ?? []);
  const run = (title: string, fn: (s: ContractSubject) => Promise<void>) =>
    Deno.test(`retriever contract (${name}): ${title}`, async () => {
      const subject = await make(CONTRACT_RECORDS, contractCollection());
      try {
        await fn(subject);
      } finally {
        await subject.close?.();
      }
    });

  for (const c of contractCases(eps)) {
    run(c.title, async (s) => {
      if (!c.applies(s.retriever.capabilities)) return;
      await c.check(s.retriever);
    });
  }

  run("filters: each leaf operator it claims answers exactly like Weaviate's DB", async (s) => {
    if (!s.retriever.capabilities.filters) return;
    const modes = s.retriever.capabilities.modes;
    const search: Search = modes.has("list")
      ? { kind: "list" }
      : { kind: "nearVector", vector: [1, 1, 1] };
    for (const fc of FILTER_CASES) {
      const plan = contractPlan(search, { filter: fc.filter });
      if (usesAny(fc.filter, unsupported)) {
        await assert.rejects(retrieve(s.retriever, plan), Error, `${fc.name} must be refused`);
        continue;
      }
      const got = nums(await retrieve(s.retriever, plan));
      const sorted: number[] = search.kind === "list" ? got : [...got].sort((a, b) => a - b);
      assert.deepEqual(sorted, fc.expected, fc.name);
    }
  });

  run("capabilities: unsupported modes and features are refused by the pipeline", async (s) => {
    const caps = s.retriever.capabilities;
    const collection = { config: contractCollection(), retriever: s.retriever };
    const pipelineOpts = { signal: new AbortController().signal, headers: {} };
    const searches: Search[] = [
      { kind: "list" },
      { kind: "nearVector", vector: [1, 0, 0] },
      { kind: "nearObject", id: uuid(1) },
      { kind: "nearText", concepts: ["paper"] },
      { kind: "bm25", query: "paper" },
      { kind: "hybrid", query: "paper", alpha: 0.5, fusionType: "rankedFusion" },
    ];
    for (const search of searches.filter((x) => !caps.modes.has(x.kind))) {
      await assert.rejects(
        runPipeline(contractPlan(search), collection, pipelineOpts),
        new RegExp(`does not support ${search.kind} search`),
      );
    }
    const base: Search = caps.modes.has("list") ? { kind: "list" } : searches[1];
    const refused: [boolean, Partial<QueryPlan>, RegExp][] = [
      [caps.filters, { filter: FILTER_CASES[0].filter }, /does not support where filters/],
      [caps.groupBy, { groupBy: { path: "cat", groups: 2, objectsPerGroup: 2 } }, /groupBy/],
      [caps.sort, { sort: [{ path: ["n"], order: "asc" }] }, /does not support sort/],
      [caps.cursor, { after: uuid(1), limit: 2 }, /does not support the after cursor/],
    ];
    for (const [claimed, extra, re] of refused) {
      if (claimed) continue;
      await assert.rejects(runPipeline(contractPlan(base, extra), collection, pipelineOpts), re);
    }
  });

  run("abort: an already aborted signal rejects with its reason", async (s) => {
    const ctl = new AbortController();
    const reason = new Error("client went away");
    ctl.abort(reason);
    const plan = contractPlan({ kind: "nearVector", vector: [1, 0, 0] });
    await assert.rejects(s.retriever.retrieve(plan, { signal: ctl.signal }), (e) => e === reason);
  });

  run("abort: cancels a retrieval in flight", async (s) => {
    if (!s.fault) return;
    s.fault("hang");
    const ctl = new AbortController();
    const reason = new Error("client went away");
    const plan = contractPlan({ kind: "nearVector", vector: [1, 0, 0] });
    const pending = s.retriever.retrieve(plan, { signal: ctl.signal });
    setTimeout(() => ctl.abort(reason), 30);
    await assert.rejects(pending, (e) => e === reason);
  });

  run("upstream errors reject with an Error, and the store recovers", async (s) => {
    if (!s.fault) return;
    const plan = contractPlan({ kind: "nearVector", vector: [1, 0, 0] }, { limit: 2 });
    s.fault("error");
    await assert.rejects(retrieve(s.retriever, plan), Error);
    s.fault(undefined);
    assert.deepEqual(nums(await retrieve(s.retriever, plan)), [1, 2]);
  });
}
