/**
 * Bench contender (not used at run time): the embedded store's former bm25 index on **Orama**
 * (`@orama/orama` 3), kept verbatim so `embedded_store_bench.ts` can compare the typed-array
 * index (`src/stores/embedded/bm25.ts`) with it on build time, heap, latency and equal scores.
 *
 * Orama does the indexing and the scoring: `relevance: {k: 1.2, b: 0.75, d: 0}` is classic Okapi
 * BM25 with Weaviate's k1/b (`d` is BM25+'s lower bound; 0 turns it off), idf
 * `ln(1 + (N - n + 0.5) / (n + 0.5))`. Two Orama statistics are adjusted through its pluggable
 * index component (not its scoring): term frequency is the raw count in the property (Orama
 * divides by the field length, which would apply length normalisation twice) and document
 * frequency counts a document once per term (Orama counts repeated tokens again).
 *
 * Differences to Weaviate's BM25F, on purpose and documented: each property is scored on its own
 * and the per-property scores are summed (times the `prop^boost`), where BM25F pools the term
 * frequencies of all properties first. `text[]` values are indexed as one field (elements joined).
 *
 * Tokenization is the property's Weaviate tokenization (`word` = lower-cased Unicode letter/digit
 * runs), no stemming, no stop words; query tokens match exactly (no prefix, no typo tolerance).
 * A token repeated in the query counts that many times (Weaviate's duplicate boost). `And`
 * requires every distinct query token to match in some searched property; `Or` requires
 * `minimumOrTokensMatch` (default 1) of them.
 * @module
 */
import { components, create, insertMultiple } from "npm:@orama/orama@3.1.18";
import { resolveProperties } from "../src/stores/embedded/bm25.ts";
import type { CollectionConfig } from "../src/config/types.ts";
import { type Tokenization, tokenize } from "../src/search/tokenize.ts";
import type { StoredObject } from "../src/stores/embedded/load.ts";
import type { Bm25Hit, Bm25Index, Bm25Query } from "../src/stores/embedded/bm25.ts";

type OramaIndex = components.index.Index;

/** Weaviate's BM25 parameters, as Orama relevance settings (d = 0: plain BM25, not BM25+). */
export const ORAMA_BM25_RELEVANCE = { k: 1.2, b: 0.75, d: 0 } as const;

/** Builds the Orama index (same interface as the store's) over the searchable text properties of `objects`. */
export async function buildOramaBm25Index(
  objects: readonly StoredObject[],
  collection: CollectionConfig,
): Promise<Bm25Index> {
  const tokenizationOf = new Map<string, Tokenization>();
  for (const p of collection.properties) {
    if (p.indexSearchable && (p.dataType[0] === "text" || p.dataType[0] === "text[]")) {
      tokenizationOf.set(p.name, p.tokenization);
    }
  }
  const searchable = [...tokenizationOf.keys()];
  const schema = Object.fromEntries(searchable.map((p) => [p, "string" as const]));
  const countsCache = new WeakMap<string[], Map<string, number>>();
  const baseIndex = components.index.createIndex();
  const db = create({
    schema: { ...schema, __i: "number" },
    sort: { enabled: false },
    components: {
      tokenizer: {
        language: "english",
        normalizationCache: new Map(),
        // At query time Orama passes no property: terms arrive already tokenized.
        tokenize: (raw: string, _language?: string, prop?: string) =>
          prop === undefined ? [raw] : tokenize(raw, tokenizationOf.get(prop) ?? "word"),
      },
      index: {
        ...baseIndex,
        insertTokenScoreParameters(
          index: OramaIndex,
          prop: string,
          id,
          tokens: string[],
          token: string,
        ) {
          const internal = components.internalDocumentIDStore.getInternalDocumentId(
            index.sharedInternalDocumentStore,
            id,
          );
          const freqs = index.frequencies[prop][internal]!;
          if (freqs[token] !== undefined) return;
          let counts = countsCache.get(tokens);
          if (!counts) {
            counts = new Map();
            for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
            countsCache.set(tokens, counts);
          }
          freqs[token] = counts.get(token)!;
          index.tokenOccurrences[prop][token] = (index.tokenOccurrences[prop][token] ?? 0) + 1;
        },
      },
    },
  });
  const docs = objects.map((o) => {
    const doc: Record<string, string | number> = { id: String(o.index), __i: o.index };
    for (const p of searchable) {
      const v = o.properties[p];
      doc[p] = typeof v === "string" ? v : Array.isArray(v) ? v.join(" ") : "";
    }
    return doc;
  });
  if (docs.length > 0) await insertMultiple(db, docs as never[]);
  const data = db.data.index as unknown as OramaIndex;
  const idStore = db.internalDocumentIDStore;
  const toIndex = (internal: number) => Number(idStore.internalIdToId[internal - 1]);
  const toInternal = (index: number) => idStore.idToInternalId.get(String(index))!;

  return {
    searchable,
    search(q: Bm25Query) {
      const { props, boost } = resolveProperties(q.properties, tokenizationOf, collection.class);
      // Distinct query tokens (with multiplicity) per tokenization in use.
      const groups = new Map<Tokenization, string[]>();
      for (const p of props) {
        const t = tokenizationOf.get(p)!;
        if (!groups.has(t)) groups.set(t, []);
        groups.get(t)!.push(p);
      }
      const scores = new Map<number, number>();
      // Per object: lower-cased token -> token as indexed (for the explanation).
      const matched = new Map<number, Map<string, string>>();
      const required = new Set<string>();
      const docsCount = objects.length;
      for (const [tokenization, groupProps] of groups) {
        const multiplicity = new Map<string, number>();
        for (const tok of tokenize(q.query, tokenization)) {
          multiplicity.set(tok, (multiplicity.get(tok) ?? 0) + 1);
        }
        for (const [tok, times] of multiplicity) {
          required.add(tok.toLowerCase());
          const found = db.index.search(
            data,
            tok,
            db.tokenizer,
            undefined,
            groupProps,
            true,
            0,
            boost,
            { ...ORAMA_BM25_RELEVANCE },
            docsCount,
            undefined,
            1,
          );
          for (const [internal, score] of found) {
            const i = toIndex(internal);
            scores.set(i, (scores.get(i) ?? 0) + score * times);
            if (!matched.has(i)) matched.set(i, new Map());
            matched.get(i)!.set(tok.toLowerCase(), tok);
          }
        }
      }
      if (required.size === 0) return [];
      const minimum = q.operator === "And"
        ? required.size
        : Math.max(1, q.minimumOrTokensMatch ?? 1);
      const hits: Bm25Hit[] = [];
      for (const [i, score] of scores) {
        const tokens = matched.get(i)!;
        if (tokens.size < minimum || (q.allowed && q.allowed[i] !== 1)) continue;
        hits.push({
          index: i,
          score: Math.fround(score),
          explainScore: () => explain(data, toInternal(i), [...tokens.values()], props),
        });
      }
      hits.sort((a, b) => b.score - a.score || a.index - b.index);
      return q.limit === undefined ? hits : hits.slice(0, q.limit);
    },
  };
}

/**
 * Weaviate-style explanation: per matched token, its raw frequency summed over the searched
 * properties and the token length of the properties it occurs in.
 */
function explain(
  data: OramaIndex,
  internal: number,
  tokens: readonly string[],
  props: readonly string[],
): string {
  let out = "";
  for (const tok of tokens) {
    let frequency = 0, propLength = 0;
    for (const p of props) {
      const n = data.frequencies[p]?.[internal]?.[tok] ?? 0;
      if (n > 0) {
        frequency += n;
        propLength += data.fieldLengths[p]?.[internal] ?? 0;
      }
    }
    out += `, BM25F_${tok}_frequency:${frequency}, BM25F_${tok}_propLength:${propLength}`;
  }
  return out;
}
