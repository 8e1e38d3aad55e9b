import assert from "node:assert/strict";
import { type Tokenization, tokenize } from "../../src/search/tokenize.ts";
import { buildFieldIndex, termFrequency } from "../../src/stores/embedded/inverted_index.ts";

/** The index as its definition reads: `tokenize` per text, terms numbered by first use. */
function reference(texts: readonly string[], tokenization: Tokenization) {
  const terms = new Map<string, number>();
  const postings: [number, number][][] = [];
  const lengths = texts.map((text, d) => {
    const tokens = tokenize(text, tokenization);
    for (const tok of tokens) {
      if (!terms.has(tok)) {
        terms.set(tok, terms.size);
        postings.push([]);
      }
      const list = postings[terms.get(tok)!];
      if (list.at(-1)?.[0] === d) list.at(-1)![1]++;
      else list.push([d, 1]);
    }
    return tokens.length;
  });
  return { terms, postings, lengths };
}

const TEXTS = [
  "Hello, World! hello WORLD 42x",
  "",
  "  ...  ",
  "Ünïcode straße İstanbul ΣΊΣΥΦΟΣ naïve café hello",
  "mixed ASCII then é: Hello hello2 h3llo",
  "tab\tseparated\nlines\r\nand-dashes_under_scores",
  "emoji 😀 hello 😀 日本語 テキスト",
  "x",
  "HELLO hello Hello hElLo",
  "a1 A1 1a 1A 007 7",
];

Deno.test("inverted index: the in-place ASCII scan and the tokenizer index every text alike", () => {
  for (const tokenization of ["word", "lowercase", "whitespace", "field"] as Tokenization[]) {
    const texts = [...TEXTS, ...TEXTS.map((t) => t.toUpperCase()), ...TEXTS.toReversed()];
    const index = buildFieldIndex({ texts, tokenization, k1: 1.2, b: 0.75 });
    const ref = reference(texts, tokenization);
    assert.deepEqual([...index.terms], [...ref.terms], tokenization);
    assert.deepEqual([...index.lengths], ref.lengths, tokenization);
    for (const [term, t] of ref.terms) {
      const got: [number, number][] = [];
      for (let j = index.starts[t]; j < index.starts[t + 1]; j++) {
        got.push([index.docs[j], index.tfs[j]]);
      }
      assert.deepEqual(got, ref.postings[t], `${tokenization} ${term}`);
      for (const [d, tf] of got) assert.equal(termFrequency(index, term, d), tf);
    }
    let avg = 0;
    ref.lengths.forEach((len, d) => avg = (avg * d + len) / (d + 1));
    assert.deepEqual(
      [...index.norms],
      ref.lengths.map((len) => 1.2 * (1 - 0.75 + (0.75 * len) / avg)),
      tokenization,
    );
  }
});

Deno.test("inverted index: thousands of terms (the dictionary grows) keep their postings", () => {
  const texts = Array.from(
    { length: 3000 },
    (_, d) => `t${d} T${d % 97} common ${d % 2 ? "ÉTÉ" : "ete"} t${(d * 7) % 3000}`,
  );
  const index = buildFieldIndex({ texts, tokenization: "word", k1: 1.2, b: 0.75 });
  const ref = reference(texts, "word");
  assert.deepEqual([...index.terms], [...ref.terms]);
  for (const [term, t] of ref.terms) {
    assert.equal(index.starts[t + 1] - index.starts[t], ref.postings[t].length, term);
  }
});

Deno.test("inverted index: more tokens than one block of the token stream (over 2^20)", () => {
  let seed = 3;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const texts = Array.from(
    { length: 24_000 },
    () => Array.from({ length: 50 }, () => `w${Math.floor(rand() ** 3 * 900)}`).join(" "),
  );
  const index = buildFieldIndex({ texts, tokenization: "word", k1: 1.2, b: 0.75 });
  const ref = reference(texts, "word");
  assert.ok(ref.lengths.reduce((a, b) => a + b) > 2 ** 20);
  assert.deepEqual([...index.terms], [...ref.terms]);
  for (const [term, t] of ref.terms) {
    const got: [number, number][] = [];
    for (let j = index.starts[t]; j < index.starts[t + 1]; j++) {
      got.push([index.docs[j], index.tfs[j]]);
    }
    assert.deepEqual(got, ref.postings[t], term);
  }
});
