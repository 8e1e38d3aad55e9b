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

/** Grows `a` to at least `need` elements (doubling). */
function grow<T extends Int32Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Builds the index of one property over `texts` (position `i` = object `i`). */
export function buildFieldIndex(opts: BuildFieldIndexOptions): FieldIndex {
  const { texts, tokenization, k1, b } = opts;
  const n = texts.length;
  const terms = new Map<string, number>();
  const lengths = new Int32Array(n);
  // (term, doc, tf) triples in object order; `slot[t]` is term t's triple for the current doc.
  let tripleTerm = new Int32Array(1024), tripleDoc = new Int32Array(1024);
  let tripleTf = new Int32Array(1024);
  let lastDoc = new Int32Array(1024).fill(-1), slot = new Int32Array(1024);
  let triples = 0;
  let avg = 0;
  for (let d = 0; d < n; d++) {
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
          lastDoc = grow(lastDoc, t + 1, (m) => new Int32Array(m));
          lastDoc.fill(-1, old);
          slot = grow(slot, t + 1, (m) => new Int32Array(m));
        }
      }
      if (lastDoc[t] === d) {
        tripleTf[slot[t]]++;
        continue;
      }
      lastDoc[t] = d;
      if (triples === tripleTerm.length) {
        tripleTerm = grow(tripleTerm, triples + 1, (m) => new Int32Array(m));
        tripleDoc = grow(tripleDoc, triples + 1, (m) => new Int32Array(m));
        tripleTf = grow(tripleTf, triples + 1, (m) => new Int32Array(m));
      }
      slot[t] = triples;
      tripleTerm[triples] = t;
      tripleDoc[triples] = d;
      tripleTf[triples] = 1;
      triples++;
    }
  }
  // Counting sort by term; objects were visited in order, so each term's postings ascend.
  const starts = new Int32Array(terms.size + 1);
  for (let i = 0; i < triples; i++) starts[tripleTerm[i] + 1]++;
  for (let t = 0; t < terms.size; t++) starts[t + 1] += starts[t];
  const fill = starts.slice(0, terms.size);
  const docs = new Int32Array(triples), tfs = new Float32Array(triples);
  for (let i = 0; i < triples; i++) {
    const at = fill[tripleTerm[i]]++;
    docs[at] = tripleDoc[i];
    tfs[at] = tripleTf[i];
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
