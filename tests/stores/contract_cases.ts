/**
 * The capability-gated cases of the Retriever contract (see `contract.ts`): ordering, distances,
 * limit/offset, projection and value types, vectors, sort, cursor, keyword search.
 * @module
 */
import assert from "node:assert/strict";
import type { Candidate } from "../../src/core/candidate.ts";
import type { AdditionalField } from "../../src/core/plan.ts";
import type { Retriever, RetrieverCapabilities } from "../../src/core/retriever.ts";
import { CONTRACT_RECORDS, contractPlan, nums, retrieve } from "./contract_data.ts";

/** One capability-gated contract check. */
export interface ContractCase {
  readonly title: string;
  readonly applies: (caps: RetrieverCapabilities) => boolean;
  readonly check: (r: Retriever) => Promise<void>;
}

const near = (vector: number[]) => ({ kind: "nearVector" as const, vector });

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return 1 - dot / Math.sqrt(na * nb);
}

function close(actual: number | undefined, expected: number, eps: number, what: string): void {
  assert.ok(actual !== undefined, `${what}: missing`);
  assert.ok(Math.abs(actual - expected) <= eps, `${what}: ${actual} != ${expected}`);
}

/** Expected nearVector order for `q` (distance ascending; ties by record number). */
function nearestOrder(q: number[]): number[] {
  return CONTRACT_RECORDS.map((r, i) => ({ n: i + 1, d: cosine(q, r.vector) }))
    .sort((a, b) => a.d - b.d || a.n - b.n).map((x) => x.n);
}

/** The contract's capability-gated cases. */
export function contractCases(eps: number): ContractCase[] {
  const has = (m: string) => (caps: RetrieverCapabilities) => caps.modes.has(m as "list");
  return [
    {
      title: "list: every object in ascending id order",
      applies: has("list"),
      check: async (r) => {
        assert.deepEqual(nums(await retrieve(r, contractPlan({ kind: "list" }))), [
          1,
          2,
          3,
          4,
          5,
          6,
        ]);
      },
    },
    {
      title: "list: offset and limit page the id order",
      applies: has("list"),
      check: async (r) => {
        const page = await retrieve(r, contractPlan({ kind: "list" }, { offset: 2, limit: 3 }));
        assert.deepEqual(nums(page), [3, 4, 5]);
      },
    },
    {
      title: "nearVector: nearest first, cosine distance and certainty",
      applies: has("nearVector"),
      check: async (r) => {
        const q = [1, 0.25, 0];
        const got = await retrieve(r, contractPlan(near(q)));
        assert.deepEqual(nums(got), nearestOrder(q));
        for (const c of got) {
          const d = cosine(q, CONTRACT_RECORDS[nums([c])[0] - 1].vector);
          close(c.distance, d, eps, `distance of ${c.id}`);
          close(c.certainty, 1 - d / 2, eps, `certainty of ${c.id}`);
        }
      },
    },
    {
      title: "nearVector: offset and limit slice the ranking",
      applies: has("nearVector"),
      check: async (r) => {
        const q = [1, 0.25, 0];
        const page = await retrieve(r, contractPlan(near(q), { offset: 1, limit: 2 }));
        assert.deepEqual(nums(page), nearestOrder(q).slice(1, 3));
      },
    },
    {
      title: "nearVector: a distance threshold drops farther objects",
      applies: has("nearVector"),
      check: async (r) => {
        const got = await retrieve(r, contractPlan({ ...near([1, 0, 0]), distance: 0.3 }));
        assert.deepEqual(nums(got), [1, 2, 3]);
      },
    },
    {
      title: "nearObject: the object itself comes first at distance 0",
      applies: has("nearObject"),
      check: async (r) => {
        const id = CONTRACT_RECORDS[3].id;
        const got = await retrieve(r, contractPlan({ kind: "nearObject", id }, { limit: 3 }));
        assert.equal(got[0].id, id);
        close(got[0].distance, 0, eps, "self distance");
        assert.deepEqual(nums(got), nearestOrder([0, 1, 0]).slice(0, 3));
      },
    },
    {
      title: "properties: only the planned ones, with their JSON types intact",
      applies: has("nearVector"),
      check: async (r) => {
        const plan = contractPlan(near([0, 0.5, 0.5]), { limit: 1 });
        const [c] = await retrieve(r, plan);
        const { id: _id, vector: _v, ...props } = CONTRACT_RECORDS[4];
        assert.deepEqual(normalise(c.properties), normalise(props));
        const narrow = await retrieve(r, { ...plan, properties: ["n"] });
        assert.deepEqual(narrow[0].properties, { n: 5 });
      },
    },
    {
      title: "additional: vector round-trips, timestamps are epoch ms",
      applies: has("nearVector"),
      check: async (r) => {
        const additional = new Set<AdditionalField>(["id", "vector", "creationTimeUnix"]);
        const got = await retrieve(r, contractPlan(near([0, 0, 1]), { limit: 2, additional }));
        assert.deepEqual(got[0].vector, CONTRACT_RECORDS[5].vector);
        for (const c of got) {
          if (c.creationTimeUnix === undefined) continue;
          assert.ok(Number.isSafeInteger(c.creationTimeUnix), "creationTimeUnix is an integer");
        }
      },
    },
    {
      title: "sort: list sorted by a property",
      applies: (caps) => caps.sort && caps.modes.has("list"),
      check: async (r) => {
        const sort = [{ path: ["price"], order: "desc" as const }];
        const got = await retrieve(r, contractPlan({ kind: "list" }, { sort, limit: 3 }));
        assert.deepEqual(nums(got), [6, 5, 4]);
      },
    },
    {
      title: "cursor: after pages past an id",
      applies: (caps) => caps.cursor && caps.modes.has("list"),
      check: async (r) => {
        const after = CONTRACT_RECORDS[1].id;
        const got = await retrieve(r, contractPlan({ kind: "list" }, { after, limit: 2 }));
        assert.deepEqual(nums(got), [3, 4]);
      },
    },
    {
      title: "bm25: matching objects only, best score first",
      applies: has("bm25"),
      check: async (r) => {
        const got = await retrieve(
          r,
          contractPlan({ kind: "bm25", query: "paper", properties: ["title"] }),
        );
        assert.deepEqual([...nums(got)].sort(), [1, 3, 4]);
        assert.equal(nums(got)[0], 3, "two occurrences rank first");
        assertDescending(got);
      },
    },
    {
      title: "hybrid: scores descending, keyword and vector halves fused",
      applies: has("hybrid"),
      check: async (r) => {
        const search = {
          kind: "hybrid" as const,
          query: "paper",
          alpha: 0.5,
          fusionType: "rankedFusion" as const,
          vector: [0, 0, 1],
        };
        const got = await retrieve(r, contractPlan(search, { limit: 4 }));
        assert.equal(got.length, 4);
        assertDescending(got);
      },
    },
  ];
}

function assertDescending(cs: readonly Candidate[]): void {
  for (let i = 1; i < cs.length; i++) {
    assert.ok((cs[i - 1].score ?? 0) >= (cs[i].score ?? 0), `score order at ${i}`);
  }
}

/** Dates compare as instants (upstreams may print RFC3339 differently); `[]` equals missing. */
function normalise(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = k === "day" && typeof v === "string" ? Date.parse(v) : v;
  }
  return out;
}
