/**
 * bm25 keyword search of the embedded store, on **Orama** (`@orama/orama`).
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
 * runs), no stemming; the class's stop words are dropped from `word` query terms (never from
 * the index); query tokens match exactly (no prefix, no typo tolerance). A token repeated in the
 * query counts that many times (Weaviate's duplicate boost). Operators apply per property, as in
 * Weaviate's BlockMax-WAND: `And` requires every distinct query token (of that property's
 * tokenization) in that one property, `Or` `minimumOrTokensMatch` (default 1) of them; an object
 * scores the sum of the properties where it qualifies.
 * @module
 */
import { components, create, insertMultiple } from "@orama/orama";
import type { CollectionConfig } from "../../config/types.ts";
import { type Tokenization, tokenize } from "../../search/tokenize.ts";
import { stopwordSet, withoutStopwords } from "../../search/stopwords.ts";
import type { StoredObject } from "./load.ts";

type OramaIndex = components.index.Index;

/** One bm25 hit: object position, Orama score and a Weaviate-style explanation. */
export interface Bm25Hit {
  readonly index: number;
  readonly score: number;
  /**
   * `, BM25F_<token>_frequency:<n>, BM25F_<token>_propLength:<n>` per matched token; computed on
   * demand because only the returned page needs it.
   */
  explainScore(): string;
}

/** Arguments of one keyword search. */
export interface Bm25Query {
  readonly query: string;
  /** Property names, optionally with `^boost` (`title^2`); default all searchable properties. */
  readonly properties?: readonly string[];
  readonly operator?: "And" | "Or";
  readonly minimumOrTokensMatch?: number;
}

/** The keyword index of a collection. */
export interface Bm25Index {
  /** `text` / `text[]` properties with `indexSearchable`. */
  readonly searchable: readonly string[];
  /** Every matching object, best first (ties in object order). No limit is applied. */
  search(q: Bm25Query): Bm25Hit[];
}

/** Weaviate's BM25 parameters, as Orama relevance settings (d = 0: plain BM25, not BM25+). */
export const BM25_RELEVANCE = { k: 1.2, b: 0.75, d: 0 } as const;

/** Builds the Orama index over the searchable text properties of `objects`. */
export async function buildBm25Index(
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
  const stopwords = stopwordSet(collection.invertedIndexConfig?.stopwords);
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
    search(q) {
      const { props, boost } = resolveProperties(q.properties, tokenizationOf, collection.class);
      const docsCount = objects.length;
      // Per property (Weaviate's BlockMax-WAND runs one job per property and merges them,
      // adapters/repos/db/inverted/bm25_searcher_block.go): an object counts in a property when
      // it has the property's minimum of distinct query tokens there (`And`: all of them), and
      // its score is the sum over the properties it counts in.
      const termsOf = new Map<Tokenization, Map<string, number>>();
      const scores = new Map<number, number>();
      // Per object: lower-cased token -> token as indexed (for the explanation).
      const matched = new Map<number, Map<string, string>>();
      for (const prop of props) {
        const tokenization = tokenizationOf.get(prop)!;
        let terms = termsOf.get(tokenization);
        if (!terms) {
          terms = new Map();
          let tokens = tokenize(q.query, tokenization);
          if (tokenization === "word") tokens = withoutStopwords(tokens, stopwords);
          for (const tok of tokens) terms.set(tok, (terms.get(tok) ?? 0) + 1);
          termsOf.set(tokenization, terms);
        }
        if (terms.size === 0) continue;
        const minimum = q.operator === "And"
          ? terms.size
          : Math.max(1, q.minimumOrTokensMatch ?? 1);
        const propScores = new Map<number, number>();
        const propTokens = new Map<number, string[]>();
        for (const [tok, times] of terms) {
          const found = db.index.search(
            data,
            tok,
            db.tokenizer,
            undefined,
            [prop],
            true,
            0,
            boost,
            { ...BM25_RELEVANCE },
            docsCount,
            undefined,
            1,
          );
          for (const [internal, score] of found) {
            const i = toIndex(internal);
            propScores.set(i, (propScores.get(i) ?? 0) + score * times);
            if (!propTokens.has(i)) propTokens.set(i, []);
            propTokens.get(i)!.push(tok);
          }
        }
        for (const [i, score] of propScores) {
          const toks = propTokens.get(i)!;
          if (toks.length < minimum) continue;
          scores.set(i, (scores.get(i) ?? 0) + score);
          if (!matched.has(i)) matched.set(i, new Map());
          for (const tok of toks) matched.get(i)!.set(tok.toLowerCase(), tok);
        }
      }
      const hits: Bm25Hit[] = [];
      for (const [i, score] of scores) {
        const tokens = matched.get(i)!;
        hits.push({
          index: i,
          score: Math.fround(score),
          explainScore: () => explain(data, toInternal(i), [...tokens.values()], props),
        });
      }
      return hits.sort((a, b) => b.score - a.score || a.index - b.index);
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

function resolveProperties(
  requested: readonly string[] | undefined,
  tokenizationOf: ReadonlyMap<string, Tokenization>,
  className: string,
): { props: string[]; boost: Record<string, number> } {
  const boost: Record<string, number> = {};
  if (!requested || requested.length === 0) return { props: [...tokenizationOf.keys()], boost };
  const props: string[] = [];
  for (const entry of requested) {
    const [name, weight] = entry.split("^");
    if (!tokenizationOf.has(name)) {
      throw new Error(
        `bm25: property "${name}" is not a searchable text property of class ${className}`,
      );
    }
    if (weight !== undefined) {
      const w = Number(weight);
      if (!(w > 0)) {
        throw new Error(`bm25: invalid boost "${entry}": the boost must be a positive number`);
      }
      boost[name] = (boost[name] ?? 1) * w;
    }
    if (!props.includes(name)) props.push(name);
  }
  return { props, boost };
}
