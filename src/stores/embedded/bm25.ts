/**
 * bm25 keyword search of the embedded store on a typed-array inverted index
 * (`inverted_index.ts`): postings in `Int32Array`/`Float32Array`, one `Float64Array` score
 * accumulator reused across queries, and a bounded top-k (`top_k.ts`), so a query costs the
 * postings of its tokens plus `O(m log k)` for the `m` matches, with no per-match allocation.
 *
 * Scoring is classic Okapi BM25 with Weaviate's k1 1.2 / b 0.75: idf
 * `ln(1 + (N - n + 0.5) / (n + 0.5))` (`n` = objects with the token in the property), term
 * frequency the raw count in the property, length norm `k1 * (1 - b + b * len / avgLen)`. The
 * arithmetic is done in the order of the Orama index this replaced (bench/orama_bm25.ts), so
 * scores are bit-equal: per token the per-property scores (times `prop^boost`) are summed in
 * property order, then times the token's multiplicity added to the object's total, which is
 * rounded to float32 at the end.
 *
 * Differences to Weaviate's BM25F, on purpose and documented: each property is scored on its own
 * and the per-property scores are summed (times the `prop^boost`), where BM25F pools the term
 * frequencies of all properties first. `text[]` values are indexed as one field (elements joined).
 *
 * Tokenization is the property's Weaviate tokenization (`word` = lower-cased Unicode letter/digit
 * runs), no stemming; the class's stop words are dropped from `word` query terms (never from the
 * index); query tokens match exactly (no prefix, no typo tolerance). A token repeated in the
 * query counts that many times (Weaviate's duplicate boost). Operators apply per property, as in
 * Weaviate's BlockMax-WAND (adapters/repos/db/inverted/bm25_searcher_block.go): `And` requires
 * every distinct query token of that property's tokenization in that one property, `Or`
 * `minimumOrTokensMatch` (default 1) of them; an object scores the sum of the properties where it
 * qualifies. With the default `Or` / 1 every property with a match qualifies, so the fast path
 * below sums all postings at once.
 * @module
 */
import type { CollectionConfig } from "../../config/types.ts";
import { stopwordSet, withoutStopwords } from "../../search/stopwords.ts";
import { type Tokenization, tokenize } from "../../search/tokenize.ts";
import { buildFieldIndex, type FieldIndex, termFrequency } from "./inverted_index.ts";
import type { StoredObject } from "./load.ts";
import { createTopK } from "./top_k.ts";

/** One bm25 hit: object position, score and a Weaviate-style explanation. */
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
  /** Keep only the best `limit` hits; default all. */
  readonly limit?: number;
  /** Only objects `i` with `allowed[i] === 1` can match (a filter); default all. */
  readonly allowed?: Uint8Array;
}

/** The keyword index of a collection. */
export interface Bm25Index {
  /** `text` / `text[]` properties with `indexSearchable`. */
  readonly searchable: readonly string[];
  /** The matching objects (the best `limit`), best first, ties in object order. */
  search(q: Bm25Query): Bm25Hit[];
}

/** Weaviate's BM25 parameters. */
export const BM25_PARAMS = { k1: 1.2, b: 0.75 } as const;

/** One distinct query token of one tokenization, with the properties it is looked up in. */
interface QueryToken {
  readonly token: string;
  /** Lower-cased: the unit `And` / `minimumOrTokensMatch` count. */
  readonly key: number;
  readonly times: number;
  readonly fields: readonly { prop: string; field: FieldIndex; boost: number }[];
}

/** Builds the keyword index over the searchable text properties of `objects`. */
export function buildBm25Index(
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
  const fields = new Map<string, FieldIndex>();
  for (const p of searchable) {
    const texts = objects.map((o) => {
      const v = o.properties[p];
      return typeof v === "string" ? v : Array.isArray(v) ? v.join(" ") : "";
    });
    fields.set(p, buildFieldIndex({ texts, tokenization: tokenizationOf.get(p)!, ...BM25_PARAMS }));
  }
  const n = objects.length;
  const k1p1 = BM25_PARAMS.k1 + 1;
  // Scratch reused by every query (searches are synchronous, so never shared by two at once).
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  const seen = new Uint8Array(n);
  let tokAcc: Float64Array | undefined, tokList: Int32Array | undefined;
  let tokSeen: Uint8Array | undefined;
  let propAcc: Float64Array | undefined, propCount: Int32Array | undefined;
  let propList: Int32Array | undefined;

  return Promise.resolve({
    searchable,
    search(q) {
      const { props, boost } = resolveProperties(q.properties, tokenizationOf, collection.class);
      const tokens = queryTokens(q.query, props, boost, tokenizationOf, fields, stopwords);
      const keyCount = tokens.keys;
      if (keyCount === 0) return [];
      const perProperty = q.operator === "And" || (q.minimumOrTokensMatch ?? 1) > 1;
      let m = 0;
      if (perProperty) {
        propAcc ??= new Float64Array(n);
        propCount ??= new Int32Array(n);
        propList ??= new Int32Array(n);
        m = scorePerProperty(tokens.list, props, q, {
          n,
          acc,
          touched,
          seen,
          propAcc,
          propCount,
          propList,
        });
      }
      for (const qt of perProperty ? [] : tokens.list) {
        const present = qt.fields.filter((f) => f.field.terms.has(qt.token));
        if (present.length === 0) continue;
        if (present.length === 1) {
          const { field, boost: w } = present[0];
          const t = field.terms.get(qt.token)!;
          const from = field.starts[t], to = field.starts[t + 1];
          const idf = Math.log(1 + (n - (to - from) + 0.5) / (to - from + 0.5));
          const { docs, tfs, norms } = field;
          for (let j = from; j < to; j++) {
            const d = docs[j], tf = tfs[j];
            const s = (idf * (tf * k1p1)) / (tf + norms[d]) * w;
            acc[d] += s * qt.times;
            if (seen[d] === 0) {
              seen[d] = 1;
              touched[m++] = d;
            }
          }
          continue;
        }
        // Several properties hold the token: sum them first (property order), then fold in.
        tokAcc ??= new Float64Array(n);
        tokList ??= new Int32Array(n);
        tokSeen ??= new Uint8Array(n);
        let tl = 0;
        for (const { field, boost: w } of present) {
          const t = field.terms.get(qt.token)!;
          const from = field.starts[t], to = field.starts[t + 1];
          const idf = Math.log(1 + (n - (to - from) + 0.5) / (to - from + 0.5));
          const { docs, tfs, norms } = field;
          for (let j = from; j < to; j++) {
            const d = docs[j], tf = tfs[j];
            const s = (idf * (tf * k1p1)) / (tf + norms[d]) * w;
            if (tokSeen[d] === 0) {
              tokSeen[d] = 1;
              tokAcc[d] = s;
              tokList[tl++] = d;
            } else tokAcc[d] += s;
          }
        }
        for (let j = 0; j < tl; j++) {
          const d = tokList[j];
          acc[d] += tokAcc[d] * qt.times;
          tokSeen[d] = 0;
          if (seen[d] === 0) {
            seen[d] = 1;
            touched[m++] = d;
          }
        }
      }
      const allowed = q.allowed;
      const top = createTopK({ k: q.limit ?? Infinity, capacity: m, descending: true });
      for (let j = 0; j < m; j++) {
        const d = touched[j];
        if (!allowed || allowed[d] === 1) top.offer(d, Math.fround(acc[d]));
        acc[d] = 0;
        seen[d] = 0;
      }
      const { indexes, values } = top.drain();
      const hits: Bm25Hit[] = new Array(indexes.length);
      for (let j = 0; j < indexes.length; j++) {
        const index = indexes[j];
        hits[j] = {
          index,
          score: values[j],
          explainScore: () => explain(index, tokens.list, props, fields),
        };
      }
      return hits;
    },
  });
}

/** Scratch of {@link scorePerProperty} (all of length `n`, zero between calls). */
interface PerPropertyScratch {
  readonly n: number;
  readonly acc: Float64Array;
  readonly touched: Int32Array;
  readonly seen: Uint8Array;
  readonly propAcc: Float64Array;
  readonly propCount: Int32Array;
  readonly propList: Int32Array;
}

/**
 * `And` / `minimumOrTokensMatch` > 1: scores each property on its own, counting the distinct query
 * tokens (of its tokenization) an object has there, and adds the property's score to the objects
 * that reach the minimum in it. Returns how many objects were touched (listed in `touched`).
 */
function scorePerProperty(
  tokens: readonly QueryToken[],
  props: readonly string[],
  q: Bm25Query,
  s: PerPropertyScratch,
): number {
  const k1p1 = BM25_PARAMS.k1 + 1;
  const { n, acc, touched, seen, propAcc, propCount, propList } = s;
  let m = 0;
  for (const prop of props) {
    const mine = tokens.filter((qt) => qt.fields.some((f) => f.prop === prop));
    if (mine.length === 0) continue;
    const minimum = q.operator === "And" ? mine.length : Math.max(1, q.minimumOrTokensMatch ?? 1);
    let pl = 0;
    for (const qt of mine) {
      const { field, boost: w } = qt.fields.find((f) => f.prop === prop)!;
      const t = field.terms.get(qt.token);
      if (t === undefined) continue;
      const from = field.starts[t], to = field.starts[t + 1];
      const idf = Math.log(1 + (n - (to - from) + 0.5) / (to - from + 0.5));
      const { docs, tfs, norms } = field;
      for (let j = from; j < to; j++) {
        const d = docs[j], tf = tfs[j];
        if (propCount[d] === 0) propList[pl++] = d;
        propCount[d]++;
        propAcc[d] += (idf * (tf * k1p1)) / (tf + norms[d]) * w * qt.times;
      }
    }
    for (let j = 0; j < pl; j++) {
      const d = propList[j];
      if (propCount[d] >= minimum) {
        acc[d] += propAcc[d];
        if (seen[d] === 0) {
          seen[d] = 1;
          touched[m++] = d;
        }
      }
      propAcc[d] = 0;
      propCount[d] = 0;
    }
  }
  return m;
}

/**
 * The distinct query tokens per tokenization in use (in the order of the first property of each
 * tokenization, then first occurrence), with multiplicity; `keys` = distinct lower-cased tokens.
 */
function queryTokens(
  query: string,
  props: readonly string[],
  boost: Readonly<Record<string, number>>,
  tokenizationOf: ReadonlyMap<string, Tokenization>,
  fields: ReadonlyMap<string, FieldIndex>,
  stopwords: ReadonlySet<string>,
): { list: QueryToken[]; keys: number } {
  const groups = new Map<Tokenization, string[]>();
  for (const p of props) {
    const t = tokenizationOf.get(p)!;
    if (!groups.has(t)) groups.set(t, []);
    groups.get(t)!.push(p);
  }
  const keys = new Map<string, number>();
  const list: QueryToken[] = [];
  for (const [tokenization, groupProps] of groups) {
    const multiplicity = new Map<string, number>();
    let toks = tokenize(query, tokenization);
    if (tokenization === "word") toks = withoutStopwords(toks, stopwords);
    for (const tok of toks) multiplicity.set(tok, (multiplicity.get(tok) ?? 0) + 1);
    const groupFields = groupProps.map((p) => ({
      prop: p,
      field: fields.get(p)!,
      boost: boost[p] ?? 1,
    }));
    for (const [token, times] of multiplicity) {
      const lower = token.toLowerCase();
      if (!keys.has(lower)) keys.set(lower, keys.size);
      list.push({ token, key: keys.get(lower)!, times, fields: groupFields });
    }
  }
  return { list, keys: keys.size };
}

/**
 * Weaviate-style explanation: per matched token (lower-cased, first match first), its raw
 * frequency summed over the searched properties and the token length of the properties it
 * occurs in.
 */
function explain(
  doc: number,
  tokens: readonly QueryToken[],
  props: readonly string[],
  fields: ReadonlyMap<string, FieldIndex>,
): string {
  const matched = new Map<number, string>();
  for (const qt of tokens) {
    if (qt.fields.some((f) => termFrequency(f.field, qt.token, doc) > 0)) {
      matched.set(qt.key, qt.token);
    }
  }
  let out = "";
  for (const tok of matched.values()) {
    let frequency = 0, propLength = 0;
    for (const p of props) {
      const field = fields.get(p)!;
      const n = termFrequency(field, tok, doc);
      if (n > 0) {
        frequency += n;
        propLength += field.lengths[doc];
      }
    }
    out += `, BM25F_${tok}_frequency:${frequency}, BM25F_${tok}_propLength:${propLength}`;
  }
  return out;
}

/**
 * The searched properties of a bm25 query (default every searchable one) and their `^boost`
 * factors; throws Weaviate-style errors for unknown properties and bad boosts.
 */
export function resolveProperties(
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
