/**
 * The sample Jeopardy collection as raw records with ids and text2vec-hash vectors, for running
 * the seed query against upstream fakes (which answer from an embedded store over these records).
 * @module
 */
import { parseConfig } from "../../src/pipeline/catalog.ts";
import { readFile } from "node:fs/promises";
import { offlineRawConfig, sampleDataPath } from "../../src/config/default.ts";

import type { CollectionConfig, DataType } from "../../src/config/types.ts";
import type { AdditionalField } from "../../src/core/plan.ts";
import { createEmbeddedStore } from "../../src/stores/embedded/store.ts";
import { createHashVectorizer } from "../../src/vectorizers/hash.ts";
import type { TestCollection } from "../helpers/harness.ts";

/** The seed query of the README, unchanged. */
export const SEED_QUERY = '{ Get { JeopardyQuestion(nearText: {concepts: "flying"} limit: 10) { ' +
  'answer question _additional { distance rerank(property: "answer" query: "floating") ' +
  "{ score } } } } }";

/** The validated weightless sample collection (JeopardyQuestion, text2vec-hash, reranker-dummy). */
export function sampleCollection(): CollectionConfig {
  const parsed = parseConfig(offlineRawConfig());
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.config.collections[0];
}

/** Sample rows with their derived ids and hash vectors, as the embedded store computes them. */
export async function sampleRecords(): Promise<
  (Record<string, unknown> & { id: string; vector: number[] })[]
> {
  const collection = sampleCollection();
  const text = await readFile(sampleDataPath(), "utf8");
  const store = await createEmbeddedStore({
    collection: { ...collection, store: { ...embedded(), files: ["s.json"] } },
    vectorizer: createHashVectorizer(),
    readText: () => Promise.resolve(text),
    signal: new AbortController().signal,
  });
  const all = await store.retrieve({
    collection: collection.class,
    search: { kind: "list" },
    offset: 0,
    limit: 10_000,
    autocut: 0,
    properties: collection.properties.map((p) => p.name),
    additional: new Set<AdditionalField>(["id", "vector"]),
  }, { signal: new AbortController().signal });
  return all.map((c) => ({ ...c.properties, id: c.id, vector: [...c.vector!] }));
}

function embedded() {
  return { kind: "embedded" as const, files: [], idField: "id", vectorField: "vector" };
}

/** The sample collection as a harness collection over `records`. */
export function sampleTestCollection(
  records: readonly Record<string, unknown>[],
  extra: Partial<TestCollection> = {},
): TestCollection {
  const c = sampleCollection();
  return {
    class: c.class,
    properties: Object.fromEntries(c.properties.map((p) => [p.name, p.dataType[0] as DataType])),
    records,
    vectorizer: "text2vec-hash",
    moduleConfig: { "text2vec-hash": {}, "reranker-dummy": {} },
    ...extra,
  };
}
