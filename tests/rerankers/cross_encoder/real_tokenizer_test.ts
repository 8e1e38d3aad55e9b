/**
 * Pair encoding and truncation against the real ms-marco-MiniLM-L-6-v2 (bert-base-uncased
 * vocabulary) tokenizer.json from ../shared, when the development checkout has it.
 */
import assert from "node:assert/strict";
import { Tokenizer } from "@huggingface/tokenizers";
import { createBertTokenizer } from "../../../src/inference/tokenize.ts";
import { longestFirst } from "../../../src/inference/truncate.ts";

const DIR = new URL("../../../../shared/tokenizers/ms-marco-MiniLM-L-6-v2/", import.meta.url);
const present = (() => {
  try {
    return Deno.statSync(new URL("tokenizer.json", DIR)).isFile;
  } catch {
    return false;
  }
})();
if (!present) {
  console.warn(
    "skipping real-tokenizer tests: ../shared/tokenizers/ms-marco-MiniLM-L-6-v2/tokenizer.json " +
      "is not present (only the development checkout has it)",
  );
}

const PAIRS: [string, string][] = [
  [
    "what is a hot-air balloon?",
    "The Montgolfier brothers flew the first hot-air balloon in 1783.",
  ],
  ["Zeppelin", "Rigid airships, named after Count Ferdinand von Zeppelin, were used until 1937."],
  ["café naïve résumé", "Accents are stripped: Ünïcödé, 東京 and emoji 🎈 become [UNK] or pieces."],
  ["", "An empty query still gets both separators."],
  ["tabs\tand\nnewlines", "  leading and trailing spaces, (punctuation!) & symbols #1  "],
];

async function load() {
  const json = JSON.parse(await Deno.readTextFile(new URL("tokenizer.json", DIR)));
  const config = JSON.parse(await Deno.readTextFile(new URL("tokenizer_config.json", DIR)));
  return { lib: new Tokenizer(json, config), json, config };
}

Deno.test({
  name: "real tokenizer: untruncated pairs equal the library's own text_pair encoding",
  ignore: !present,
  async fn() {
    const { lib, json, config } = await load();
    const tok = createBertTokenizer(json, config, { maxLength: 512 });
    for (const [q, d] of PAIRS) {
      const ref = lib.encode(q, { text_pair: d, return_token_type_ids: true });
      const got = tok.encodePair(q, d);
      assert.deepEqual(got.ids, ref.ids, `${q} / ${d}`);
      assert.deepEqual(got.typeIds, ref.token_type_ids, `${q} / ${d}`);
      assert.equal(got.ids[0], 101);
      assert.equal(got.ids.at(-1), 102);
    }
  },
});

Deno.test({
  name: "real tokenizer: longest_first truncation to 512 and to a configured 128",
  ignore: !present,
  async fn() {
    const { lib, json, config } = await load();
    const long = PAIRS.map(([, d]) => d).join(" ").repeat(40); // ~3,000 tokens
    for (const maxLength of [512, 128]) {
      const tok = createBertTokenizer(json, config, { maxLength });
      for (const q of ["hot-air balloon", long.slice(0, 3000)]) {
        const got = tok.encodePair(q, long);
        const nq = lib.encode(q, { add_special_tokens: false }).ids.length;
        const nd = lib.encode(long, { add_special_tokens: false }).ids.length;
        const [kq, kd] = longestFirst(nq, nd, maxLength - 3);
        assert.equal(got.ids.length, maxLength);
        assert.equal(got.typeIds.indexOf(1), kq + 2);
        assert.equal(got.ids.length - kq - 3, kd);
        assert.equal(got.ids.at(-1), 102);
        // The kept tokens are the first ones of each side.
        const full = lib.encode(q, { text_pair: long }).ids;
        assert.deepEqual(got.ids.slice(0, kq + 1), full.slice(0, kq + 1));
        assert.deepEqual(got.ids.slice(kq + 2, kq + 2 + kd), full.slice(nq + 2, nq + 2 + kd));
      }
    }
  },
});
