/**
 * The dataset of the Retriever contract (see `contract.ts`): one collection, six records with
 * explicit ids and float32-exact vectors, plan helpers and the filter cases with their answers.
 * @module
 */
import type { Candidate } from "../../src/core/candidate.ts";
import type { CollectionConfig, PropertyConfig } from "../../src/config/types.ts";
import type { AdditionalField, Filter, QueryPlan, Search } from "../../src/core/plan.ts";
import type { Retriever } from "../../src/core/retriever.ts";

/** One raw record as the embedded store loads it (`id` and `vector` fields). */
export type ContractRecord = Readonly<Record<string, unknown>> & {
  readonly id: string;
  readonly vector: readonly number[];
};

/** A filter with the sorted record numbers it selects. */
export interface FilterCase {
  readonly name: string;
  readonly filter: Filter;
  readonly expected: readonly number[];
}

/** The UUID of record `n`. */
export const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** Class name of the contract collection. */
export const CONTRACT_CLASS = "ContractDoc";

const prop = (
  name: string,
  type: PropertyConfig["dataType"][0],
  extra: Partial<PropertyConfig> = {},
): PropertyConfig => ({
  name,
  dataType: [type],
  tokenization: "word",
  indexFilterable: true,
  indexSearchable: type === "text" || type === "text[]",
  ...extra,
});

/** The contract collection: cosine, no vectorizer, an embedded store over `records.json`. */
export function contractCollection(): CollectionConfig {
  return {
    class: CONTRACT_CLASS,
    properties: [
      prop("title", "text"),
      prop("cat", "text", { tokenization: "field" }),
      prop("n", "int"),
      prop("price", "number"),
      prop("flag", "boolean"),
      prop("tags", "text[]"),
      prop("day", "date"),
    ],
    vectorizer: "none",
    moduleConfig: {},
    vectorIndexConfig: { distance: "cosine" },
    store: { kind: "embedded", files: ["records.json"], idField: "id", vectorField: "vector" },
  };
}

/** Six records; vectors are float32-exact so every codec round trip is lossless. */
export const CONTRACT_RECORDS: readonly ContractRecord[] = [
  rec(1, "paper planes fly", "a", 1, 1.5, true, ["craft"], [1, 0, 0]),
  rec(2, "rock music is loud", "b", 2, 2.5, false, ["music", "loud"], [0.875, 0.125, 0]),
  rec(3, "paper mill makes paper", "a", 3, 3.25, true, ["industry"], [0.5, 0.5, 0]),
  rec(4, "origami folds paper cranes", "b", 4, 4.75, false, ["craft", "paper"], [0, 1, 0]),
  rec(5, "smooth jazz drums", "c", 5, 5.5, true, ["music"], [0, 0.5, 0.5]),
  rec(6, "quiet library", "c", 6, 6.125, false, [], [0, 0, 1]),
];

function rec(
  n: number,
  title: string,
  cat: string,
  num: number,
  price: number,
  flag: boolean,
  tags: string[],
  vector: number[],
): ContractRecord {
  const day = `200${n}-0${n}-1${n}T00:00:00Z`;
  return { id: uuid(n), title, cat, n: num, price, flag, tags, day, vector };
}

/** A plan over the contract collection with every property and the common metadata. */
export function contractPlan(search: Search, extra: Partial<QueryPlan> = {}): QueryPlan {
  return {
    collection: CONTRACT_CLASS,
    search,
    offset: 0,
    limit: 100,
    autocut: 0,
    properties: ["title", "cat", "n", "price", "flag", "tags", "day"],
    additional: new Set<AdditionalField>(["id", "distance", "certainty", "score"]),
    ...extra,
  };
}

/** The record number of each candidate (the last digits of its UUID). */
export const nums = (cs: readonly Candidate[]): number[] => cs.map((c) => Number(c.id.slice(-4)));

/** Runs a retrieval with a fresh signal. */
export function retrieve(r: Retriever, plan: QueryPlan): Promise<Candidate[]> {
  return r.retrieve(plan, { signal: new AbortController().signal });
}

/** Filter cases with the records (sorted numbers) Weaviate returns for them. */
export const FILTER_CASES: readonly FilterCase[] = [
  {
    name: "Equal text (field tokenization)",
    filter: { operator: "Equal", path: ["cat"], value: { type: "text", value: "a" } },
    expected: [1, 3],
  },
  {
    name: "NotEqual text",
    filter: { operator: "NotEqual", path: ["cat"], value: { type: "text", value: "a" } },
    expected: [2, 4, 5, 6],
  },
  {
    name: "GreaterThan int",
    filter: { operator: "GreaterThan", path: ["n"], value: { type: "int", value: 4 } },
    expected: [5, 6],
  },
  {
    name: "LessThanEqual number",
    filter: { operator: "LessThanEqual", path: ["price"], value: { type: "number", value: 3.25 } },
    expected: [1, 2, 3],
  },
  {
    name: "Equal boolean",
    filter: { operator: "Equal", path: ["flag"], value: { type: "boolean", value: true } },
    expected: [1, 3, 5],
  },
  {
    name: "And / Or / Not",
    filter: {
      operator: "And",
      operands: [
        {
          operator: "Or",
          operands: [
            { operator: "Equal", path: ["cat"], value: { type: "text", value: "a" } },
            { operator: "Equal", path: ["cat"], value: { type: "text", value: "b" } },
          ],
        },
        {
          operator: "Not",
          operands: [{ operator: "Equal", path: ["n"], value: { type: "int", value: 2 } }],
        },
      ],
    },
    expected: [1, 3, 4],
  },
  {
    name: "ContainsAny text[]",
    filter: {
      operator: "ContainsAny",
      path: ["tags"],
      value: { type: "text", value: ["craft", "loud"] },
    },
    expected: [1, 2, 4],
  },
  {
    name: "GreaterThanEqual date",
    filter: {
      operator: "GreaterThanEqual",
      path: ["day"],
      value: { type: "date", value: "2004-04-14T00:00:00Z" },
    },
    expected: [4, 5, 6],
  },
  {
    name: "Equal id",
    filter: { operator: "Equal", path: ["id"], value: { type: "text", value: uuid(3) } },
    expected: [3],
  },
  {
    name: "IsNull",
    filter: { operator: "IsNull", path: ["tags"], value: { type: "boolean", value: true } },
    expected: [6],
  },
  {
    name: "Like",
    filter: { operator: "Like", path: ["title"], value: { type: "text", value: "pap*" } },
    expected: [1, 3, 4],
  },
];
