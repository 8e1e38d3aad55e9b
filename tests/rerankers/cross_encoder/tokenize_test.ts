import assert from "node:assert/strict";
import { Tokenizer } from "@huggingface/tokenizers";
import { longestFirst } from "../../../src/inference/truncate.ts";
import { tinyModelDir, tinyTokenizer } from "./fixture.ts";

const CLS = 2;
const SEP = 3;

async function library() {
  const dir = await tinyModelDir();
  return new Tokenizer(
    JSON.parse(await Deno.readTextFile(`${dir}/tokenizer.json`)),
    JSON.parse(await Deno.readTextFile(`${dir}/tokenizer_config.json`)),
  );
}

const words = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => ["water", "fire", "air", "earth", "moon"][(i + offset) % 5])
    .join(" ");

Deno.test("tokenize: pair is [CLS] q [SEP] d [SEP] with token types 0/1, as the library's text_pair", async () => {
  const tok = await tinyTokenizer();
  const lib = await library();
  const e = tok.encodePair("floating balloon", "The Montgolfier brothers flew a hot-air balloon.");
  const ref = lib.encode("floating balloon", {
    text_pair: "The Montgolfier brothers flew a hot-air balloon.",
    return_token_type_ids: true,
  });
  assert.deepEqual(e.ids, ref.ids);
  assert.deepEqual(e.typeIds, ref.token_type_ids);
  assert.equal(e.ids[0], CLS);
  const q = lib.encode("floating balloon", { add_special_tokens: false }).ids;
  assert.equal(e.ids[q.length + 1], SEP);
  assert.equal(e.ids.at(-1), SEP);
  assert.deepEqual(e.typeIds, [
    ...Array(q.length + 2).fill(0),
    ...Array(e.ids.length - q.length - 2).fill(1),
  ]);
});

Deno.test("tokenize: longest_first drops from the longer side; ties keep the odd token on the longer/second side", () => {
  assert.deepEqual(longestFirst(5, 10, 20), [5, 10]); // fits
  assert.deepEqual(longestFirst(5, 100, 20), [5, 15]); // only the longer is cut
  assert.deepEqual(longestFirst(100, 5, 20), [15, 5]);
  assert.deepEqual(longestFirst(30, 40, 21), [10, 11]); // both cut, second keeps the odd one
  assert.deepEqual(longestFirst(40, 30, 21), [11, 10]); // the longer (first) keeps it
  assert.deepEqual(longestFirst(30, 30, 21), [10, 11]);
  assert.deepEqual(longestFirst(12, 12, 20), [10, 10]);
  assert.deepEqual(longestFirst(0, 50, 20), [0, 20]);
});

Deno.test("tokenize: truncated pairs are exactly maxLength long and keep the final [SEP]", async () => {
  const tok = await tinyTokenizer(32);
  for (const [q, d] of [[3, 200], [200, 3], [40, 50], [50, 40], [15, 15]]) {
    const e = tok.encodePair(words(q), words(d, 1));
    assert.equal(e.ids.length, 32, `${q}/${d}`);
    assert.equal(e.ids[0], CLS);
    assert.equal(e.ids.at(-1), SEP);
    assert.equal(e.ids.filter((x) => x === SEP).length, 2);
    const nq = e.typeIds.indexOf(1) - 2;
    assert.deepEqual([nq, 32 - 3 - nq], longestFirst(q, d, 29), `${q}/${d}`);
  }
});

Deno.test("tokenize: the character pre-cut of a huge passage changes nothing", async () => {
  const tok = await tinyTokenizer(64);
  const lib = await library();
  const doc = words(20_000); // ~100k characters
  const e = tok.encodePair("fire", doc);
  const full = lib.encode(doc, { add_special_tokens: false }).ids;
  const q = lib.encode("fire", { add_special_tokens: false }).ids;
  assert.deepEqual(e.ids, [CLS, ...q, SEP, ...full.slice(0, 64 - 3 - q.length), SEP]);
  // Without whitespace to cut at (one giant "word" per 100 chars becomes [UNK]s).
  const blob = "x".repeat(50_000);
  const eb = tok.encodePair("fire", blob);
  const fb = lib.encode(blob, { add_special_tokens: false }).ids;
  assert.deepEqual(eb.ids, [CLS, ...q, SEP, ...fb.slice(0, 64 - 3 - q.length), SEP]);
  // A huge query against a huge passage: halves, as longest_first decides from the full lengths.
  const both = tok.encodePair(words(5000), words(6000, 2));
  assert.equal(both.ids.length, 64);
  assert.equal(both.typeIds.indexOf(1), 2 + 30);
});

Deno.test("tokenize: a query reused across pairs encodes as it does in a fresh tokenizer", async () => {
  const shared = await tinyTokenizer(64);
  const queries = [words(5000), "fire", words(5000), words(40, 3)];
  const docs = ["air", words(6000, 2), words(20, 1), "", words(5000, 4), "moon"];
  for (const q of queries) {
    for (const d of docs) {
      // A new tokenizer per pair has nothing remembered from an earlier pair.
      const fresh = await tinyTokenizer(64);
      assert.deepEqual(shared.encodePair(q, d), fresh.encodePair(q, d), `${q.length}/${d.length}`);
    }
  }
});

Deno.test("tokenize: single texts are [CLS] t [SEP], truncated to maxLength", async () => {
  const tok = await tinyTokenizer(16);
  const lib = await library();
  const short = tok.encodeText("hot air balloon");
  assert.deepEqual(short.ids, lib.encode("hot air balloon").ids);
  assert.ok(short.typeIds.every((t) => t === 0));
  const long = tok.encodeText(words(1000));
  assert.equal(long.ids.length, 16);
  assert.equal(long.ids.at(-1), SEP);
});
