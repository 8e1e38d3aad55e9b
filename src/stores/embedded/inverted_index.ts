/**
 * The typed-array inverted index of one searchable property: a term dictionary and, per term, its
 * postings (object positions ascending in an `Int32Array`, raw term counts in a `Float32Array`),
 * stored back to back (CSR layout: term `t` owns `[starts[t], starts[t + 1])`). Also the
 * property's token count per object and the BM25 length norm `k1 * (1 - b + b * len / avg)`
 * precomputed per object.
 *
 * The average length is accumulated object by object as `avg = (avg * i + len) / (i + 1)`, the
 * order of operations of the Orama index the store used before, so every score stays bit-equal.
 * Document frequency counts an object once per term.
 * @module
 */
import { type Tokenization, tokenize } from "../../search/tokenize.ts";

/** The postings and length statistics of one property. */
export interface FieldIndex {
  /** Term -> term id. */
  readonly terms: ReadonlyMap<string, number>;
  /** Term `t`'s postings are `docs/tfs[starts[t] .. starts[t + 1])`. */
  readonly starts: Int32Array;
  /** Object positions, ascending within a term. */
  readonly docs: Int32Array;
  /** Raw count of the term in the object's property. */
  readonly tfs: Float32Array;
  /** Tokens per object in this property. */
  readonly lengths: Int32Array;
  /** `k1 * (1 - b + b * lengths[i] / avg)` per object. */
  readonly norms: Float64Array;
}

/** Options of {@link buildFieldIndex}. */
export interface BuildFieldIndexOptions {
  /** The property's text per object (`text[]` elements joined with a space). */
  readonly texts: readonly string[];
  readonly tokenization: Tokenization;
  readonly k1: number;
  readonly b: number;
}

/** A copy of `a` with room for `size` elements. */
function resized(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** Builds the index of one property over `texts` (position `i` = object `i`). */
export function buildFieldIndex(opts: BuildFieldIndexOptions): FieldIndex {
  const { texts, tokenization, k1, b } = opts;
  const n = texts.length;
  const terms = new Map<string, number>();
  const lengths = new Int32Array(n);
  // (term, tf) pairs in object order (object d owns `[pairStart[d], pairStart[d + 1])`);
  // `slot[t]` is term t's pair in the current object. 8 bytes a pair, grown by half.
  const pairStart = new Int32Array(n + 1);
  let pairTerm = new Int32Array(1024), pairTf = new Int32Array(1024);
  let lastDoc = new Int32Array(1024).fill(-1), slot = new Int32Array(1024);
  let pairs = 0;
  let avg = 0;
  for (let d = 0; d < n; d++) {
    pairStart[d] = pairs;
    const tokens = tokenize(texts[d], tokenization);
    lengths[d] = tokens.length;
    avg = (avg * d + tokens.length) / (d + 1);
    for (const tok of tokens) {
      let t = terms.get(tok);
      if (t === undefined) {
        t = terms.size;
        terms.set(tok, t);
        if (t >= lastDoc.length) {
          const old = lastDoc.length;
          lastDoc = resized(lastDoc, old * 2);
          lastDoc.fill(-1, old);
          slot = resized(slot, old * 2);
        }
      }
      if (lastDoc[t] === d) {
        pairTf[slot[t]]++;
        continue;
      }
      lastDoc[t] = d;
      if (pairs === pairTerm.length) {
        const size = Math.ceil(pairs * 1.5);
        pairTerm = resized(pairTerm, size);
        pairTf = resized(pairTf, size);
      }
      slot[t] = pairs;
      pairTerm[pairs] = t;
      pairTf[pairs] = 1;
      pairs++;
    }
  }
  // Counting sort by term; objects were visited in order, so each term's postings ascend.
  const starts = new Int32Array(terms.size + 1);
  for (let i = 0; i < pairs; i++) starts[pairTerm[i] + 1]++;
  for (let t = 0; t < terms.size; t++) starts[t + 1] += starts[t];
  const fill = starts.slice(0, terms.size);
  const docs = new Int32Array(pairs), tfs = new Float32Array(pairs);
  pairStart[n] = pairs;
  for (let d = 0; d < n; d++) {
    for (let i = pairStart[d]; i < pairStart[d + 1]; i++) {
      const at = fill[pairTerm[i]]++;
      docs[at] = d;
      tfs[at] = pairTf[i];
    }
  }
  const norms = new Float64Array(n);
  for (let d = 0; d < n; d++) norms[d] = k1 * (1 - b + (b * lengths[d]) / avg);
  return { terms, starts, docs, tfs, lengths, norms };
}

/** The raw count of `term` in object `doc` (binary search in the term's postings); 0 if absent. */
export function termFrequency(field: FieldIndex, term: string, doc: number): number {
  const t = field.terms.get(term);
  if (t === undefined) return 0;
  let lo = field.starts[t], hi = field.starts[t + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = field.docs[mid];
    if (d === doc) return field.tfs[mid];
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
