/**
 * Shared fixtures of the embedded store tests: inline collections, records and plan helpers.
 * @module
 */
import type { EmbeddedStoreConfig } from "../../src/stores/embedded/config.ts";
import type { Candidate } from "../../src/core/candidate.ts";
import type { CollectionConfig, DistanceMetric, PropertyConfig } from "../../src/config/types.ts";
import type { AdditionalField, QueryPlan, Search } from "../../src/core/plan.ts";
import { createEmbeddedStore, type EmbeddedStore } from "../../src/stores/embedded/store.ts";
import { createHashVectorizer } from "../../src/vectorizers/hash.ts";
import type { Vectorizer } from "../../src/core/vectorizer.ts";

export const signal = new AbortController().signal;

export const prop = (
  name: string,
  dataType: PropertyConfig["dataType"][0],
  extra: Partial<PropertyConfig> = {},
): PropertyConfig => ({
  name,
  dataType: [dataType],
  tokenization: "word",
  indexFilterable: true,
  indexSearchable: dataType === "text" || dataType === "text[]",
  ...extra,
});

export function collection(
  properties: PropertyConfig[],
  opts: { files?: string[]; metric?: DistanceMetric; idField?: string; vectorField?: string } = {},
): CollectionConfig {
  return {
    class: "Doc",
    properties,
    vectorizer: "none",
    moduleConfig: {},
    vectorIndexConfig: { distance: opts.metric ?? "cosine" },
    store: embeddedStore(opts),
  };
}

function embeddedStore(opts: { files?: string[]; idField?: string; vectorField?: string }) {
  const store: EmbeddedStoreConfig = {
    kind: "embedded",
    files: opts.files ?? ["docs.json"],
    idField: opts.idField ?? "id",
    vectorField: opts.vectorField ?? "vector",
  };
  return store;
}

export function store(
  files: Record<string, string>,
  c: CollectionConfig,
  vectorizer?: Vectorizer,
): Promise<EmbeddedStore> {
  return createEmbeddedStore({
    collection: c,
    vectorizer,
    readText: (path) =>
      path in files ? Promise.resolve(files[path]) : Promise.reject(new Error(`no ${path}`)),
    signal,
    now: 1_700_000_000_000,
  });
}

export const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export function plan(search: Search, extra: Partial<QueryPlan> = {}): QueryPlan {
  return {
    collection: "Doc",
    search,
    offset: 0,
    limit: 100,
    autocut: 0,
    properties: ["title"],
    additional: new Set<AdditionalField>(["id"]),
    ...extra,
  };
}

export const ids = (cs: Candidate[]) => cs.map((c) => Number(c.id.slice(-4)));

// --- a small vector collection -------------------------------------------------------------

export const vectorProps = [
  prop("title", "text"),
  prop("cat", "text", { tokenization: "field" }),
  prop("n", "int"),
];
export const vectorRecords = [
  { id: uuid(1), title: "one", cat: "a", n: 1, vector: [1, 0] },
  { id: uuid(2), title: "two", cat: "b", n: 2, vector: [0.9, 0.1] },
  { id: uuid(3), title: "three", cat: "a", n: 3, vector: [0.7, 0.7] },
  { id: uuid(4), title: "four", cat: "b", n: 4, vector: [0, 1] },
  { id: uuid(5), title: "five", cat: "a", n: 5 }, // no vector
];

export function vectorStore(metric: DistanceMetric = "cosine"): Promise<EmbeddedStore> {
  return store({ "docs.json": JSON.stringify(vectorRecords) }, collection(vectorProps, { metric }));
}

// --- a text collection with the hash vectorizer ---------------------------------------------

export const textProps = [
  prop("title", "text"),
  prop("body", "text"),
  prop("tags", "text[]"),
  prop("code", "text", { indexSearchable: false }),
  prop("year", "int"),
];
export const textRecords = [
  {
    id: uuid(1),
    title: "Paper planes",
    body: "How to fold a paper plane that flies far",
    tags: ["craft"],
    year: 2001,
  },
  {
    id: uuid(2),
    title: "Rock music",
    body: "Loud guitars and drums",
    tags: ["music", "loud"],
    year: 2002,
  },
  {
    id: uuid(3),
    title: "Paper mill",
    body: "Making paper from wood pulp",
    tags: ["industry"],
    year: 2003,
  },
  {
    id: uuid(4),
    title: "Origami",
    body: "Folding paper into cranes and planes",
    tags: ["craft", "paper"],
    year: 2004,
  },
  {
    id: uuid(5),
    title: "Jazz",
    body: "Smooth saxophone and the drums",
    tags: ["music"],
    year: 2005,
  },
];
export const jsonl = textRecords.map((r) => JSON.stringify(r)).join("\n");

export function textStore(): Promise<EmbeddedStore> {
  return store(
    { "docs.jsonl": jsonl },
    collection(textProps, { files: ["docs.jsonl"] }),
    createHashVectorizer(),
  );
}

export const bm25 = (
  query: string,
  extra: Partial<Omit<Extract<Search, { kind: "bm25" }>, "kind">> = {},
): Search => ({
  kind: "bm25",
  query,
  ...extra,
});

// --- hybrid ----------------------------------------------------------------------------------

export const hybrid = (
  query: string,
  extra: Partial<Omit<Extract<Search, { kind: "hybrid" }>, "kind">> = {},
): Search => ({ kind: "hybrid", query, alpha: 0.75, fusionType: "relativeScoreFusion", ...extra });
