/**
 * Bench contender (not used at run time): bm25 on **MiniSearch** 7 (`minisearch`), configured as
 * close to the store as it allows: the store's tokenizer per property, no term processing, exact
 * terms only (no prefix, no fuzzy), OR, and BM25 with k1 1.2 / b 0.75 / d 0 (MiniSearch's
 * default is BM25+ with d 0.5). MiniSearch scores a document over all fields with its own
 * per-field normalisation and a coordination boost for documents matching several terms, so
 * scores and order differ from the store's; `embedded_store_bench.ts` reports the top-10 overlap.
 * @module
 */
import MiniSearch from "npm:minisearch@7.2.0";
import type { CollectionConfig } from "../src/config/types.ts";
import { type Tokenization, tokenize } from "../src/search/tokenize.ts";
import type { StoredObject } from "../src/stores/embedded/load.ts";

/** A MiniSearch index with the store's search shape (query text, best `limit`). */
export interface MiniSearchBm25 {
  search(query: string, limit: number): { index: number; score: number }[];
}

/** Builds the MiniSearch index over the searchable text properties of `objects`. */
export function buildMiniSearchBm25(
  objects: readonly StoredObject[],
  collection: CollectionConfig,
): MiniSearchBm25 {
  const tokenizationOf = new Map<string, Tokenization>();
  for (const p of collection.properties) {
    if (p.indexSearchable && (p.dataType[0] === "text" || p.dataType[0] === "text[]")) {
      tokenizationOf.set(p.name, p.tokenization);
    }
  }
  const fields = [...tokenizationOf.keys()];
  const mini = new MiniSearch<{ id: number }>({
    fields,
    idField: "id",
    extractField: (doc, field) => {
      if (field === "id") return (doc as { id: number }).id as unknown as string;
      const v = objects[(doc as { id: number }).id].properties[field];
      return typeof v === "string" ? v : Array.isArray(v) ? v.join(" ") : "";
    },
    tokenize: (text, field) => tokenize(text, tokenizationOf.get(field ?? "") ?? "word"),
    processTerm: (term) => term,
    searchOptions: {
      prefix: false,
      fuzzy: false,
      combineWith: "OR",
      bm25: { k: 1.2, b: 0.75, d: 0 },
    },
  });
  mini.addAll(objects.map((o) => ({ id: o.index })));
  return {
    search(query, limit) {
      return mini.search(query).slice(0, limit).map((r) => ({
        index: r.id as number,
        score: r.score,
      }));
    },
  };
}
