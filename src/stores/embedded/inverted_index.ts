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

/** Term ids per block of the token stream of {@link buildFieldIndex}. */
const STREAM_BLOCK = 1 << 20;

/**
 * Builds the index of one property over `texts` (position `i` = object `i`). One tokenizing pass
 * counts each term's objects (and each object's tokens) and records the term id of every token
 * in a stream of fixed blocks (4 bytes a token, never copied); the counts place every term's
 * postings in one `Int32Array` / `Float32Array` pair, and a second pass over the stream (not the
 * texts) fills them, dropping each block once read. Objects are visited in order, so each term's
 * postings ascend.
 */
export function buildFieldIndex(opts: BuildFieldIndexOptions): FieldIndex {
  const { texts, tokenization, k1, b } = opts;
  const n = texts.length;
  const dict = new TermDictionary();
  const lengths = new Int32Array(n);
  let objectCount = new Int32Array(1024), lastDoc = new Int32Array(1024).fill(-1);
  const stream: (Int32Array | undefined)[] = [];
  let block = new Int32Array(STREAM_BLOCK), used = 0;
  let avg = 0;
  for (let d = 0; d < n; d++) {
    const length = termIds(texts[d], tokenization, dict);
    if (dict.size > lastDoc.length) {
      const old = lastDoc.length, size = Math.max(old * 2, dict.size);
      lastDoc = resized(lastDoc, size);
      lastDoc.fill(-1, old);
      objectCount = resized(objectCount, size);
    }
    const ids = dict.ids;
    for (let j = 0; j < length; j++) {
      const t = ids[j];
      if (lastDoc[t] !== d) {
        lastDoc[t] = d;
        objectCount[t]++;
      }
      if (used === STREAM_BLOCK) {
        stream.push(block);
        block = new Int32Array(STREAM_BLOCK);
        used = 0;
      }
      block[used++] = t;
    }
    lengths[d] = length;
    avg = (avg * d + length) / (d + 1);
  }
  stream.push(block);
  const termCount = dict.size;
  const starts = new Int32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) starts[t + 1] = starts[t] + objectCount[t];
  const pairs = starts[termCount];
  const docs = new Int32Array(pairs), tfs = new Float32Array(pairs);
  // `fill[t]`: term t's next free posting; the current object's posting is `fill[t] - 1`.
  const fill = starts.slice(0, termCount);
  lastDoc.fill(-1);
  let read = 0, at = 0;
  let current = stream[0]!;
  for (let d = 0; d < n; d++) {
    const length = lengths[d];
    for (let j = 0; j < length; j++) {
      if (at === STREAM_BLOCK) {
        stream[read++] = undefined;
        current = stream[read]!;
        at = 0;
      }
      const t = current[at++];
      if (lastDoc[t] === d) {
        tfs[fill[t] - 1]++;
        continue;
      }
      lastDoc[t] = d;
      const p = fill[t]++;
      docs[p] = d;
      tfs[p] = 1;
    }
  }
  const norms = new Float64Array(n);
  for (let d = 0; d < n; d++) norms[d] = k1 * (1 - b + (b * lengths[d]) / avg);
  return { terms: dict.toMap(), starts, docs, tfs, lengths, norms };
}

/** Characters outside ASCII (code units from U+0080). */
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Writes the term id of every token of `text`, in order, to `dict.ids` and returns how many
 * (unseen tokens become terms). `word` tokens of an
 * ASCII text are read in place: letters and digits, upper case folded, each token hashed as it is
 * scanned and looked up without making a string (a string is made once per new term). Any other
 * text goes through {@link tokenize}, which is what the scan reproduces for ASCII.
 */
function termIds(text: string, tokenization: Tokenization, dict: TermDictionary): number {
  let count = 0;
  if (tokenization !== "word" || NON_ASCII.test(text)) {
    for (const token of tokenize(text, tokenization)) {
      const h = hashString(token);
      const t = dict.findString(token, h);
      dict.push(count++, t >= 0 ? t : dict.add(token, h));
    }
    return count;
  }
  const length = text.length;
  let start = -1, h = 0;
  for (let i = 0; i <= length; i++) {
    let c = i < length ? text.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) {
        start = i;
        h = FNV_OFFSET;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      continue;
    }
    if (start < 0) continue;
    let t = dict.findRange(text, start, i, h);
    if (t < 0) t = dict.add(text.slice(start, i).toLowerCase(), h);
    dict.push(count++, t);
    start = -1;
  }
  return count;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units of `s` (the hash {@link forEachTerm} computes in place). */
function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Term strings and ids in an open-addressing table keyed by the terms' hashes. */
class TermDictionary {
  #strings: string[] = [];
  #hashes = new Int32Array(1024);
  /** Term id + 1 per slot; 0 = empty. Kept at most half full. */
  #slots = new Int32Array(2048);
  #mask = 2047;

  /** Scratch: the term ids of the text {@link termIds} read last. */
  ids = new Int32Array(256);

  get size(): number {
    return this.#strings.length;
  }

  /** `ids[j] = t`, growing `ids`. */
  push(j: number, t: number): void {
    if (j === this.ids.length) this.ids = resized(this.ids, j * 2);
    this.ids[j] = t;
  }

  /** The id of the term spelled by `text[start, end)` (ASCII, upper case folded), or -1. */
  findRange(text: string, start: number, end: number, h: number): number {
    const slots = this.#slots, mask = this.#mask;
    for (let at = h & mask;; at = (at + 1) & mask) {
      const id = slots[at] - 1;
      if (id < 0) return -1;
      if (this.#hashes[id] !== h) continue;
      const term = this.#strings[id];
      if (term.length !== end - start) continue;
      let k = 0;
      for (; k < term.length; k++) {
        let c = text.charCodeAt(start + k);
        if (c >= 65 && c <= 90) c += 32;
        if (c !== term.charCodeAt(k)) break;
      }
      if (k === term.length) return id;
    }
  }

  /** The id of term `s`, or -1. */
  findString(s: string, h: number): number {
    const slots = this.#slots, mask = this.#mask;
    for (let at = h & mask;; at = (at + 1) & mask) {
      const id = slots[at] - 1;
      if (id < 0) return -1;
      if (this.#hashes[id] === h && this.#strings[id] === s) return id;
    }
  }

  /** Adds term `s` (not present) with hash `h`; returns its id. */
  add(s: string, h: number): number {
    const id = this.#strings.length;
    this.#strings.push(s);
    if (id === this.#hashes.length) this.#hashes = resized(this.#hashes, id * 2);
    this.#hashes[id] = h;
    if ((id + 1) * 2 > this.#slots.length) this.#grow();
    this.#place(id);
    return id;
  }

  /** Term -> id, as the searches look terms up. */
  toMap(): Map<string, number> {
    const map = new Map<string, number>();
    this.#strings.forEach((s, id) => map.set(s, id));
    return map;
  }

  #place(id: number): void {
    const slots = this.#slots, mask = this.#mask;
    let at = this.#hashes[id] & mask;
    while (slots[at] !== 0) at = (at + 1) & mask;
    slots[at] = id + 1;
  }

  #grow(): void {
    this.#slots = new Int32Array(this.#slots.length * 2);
    this.#mask = this.#slots.length - 1;
    for (let id = 0; id < this.#strings.length; id++) this.#place(id);
  }
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
