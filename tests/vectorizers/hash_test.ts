import assert from "node:assert/strict";
import { cosineDistance } from "../../src/search/distance.ts";
import { createHashVectorizer, fnv1a32, hashEmbed } from "../../src/vectorizers/hash.ts";

const signal = new AbortController().signal;

Deno.test("hash: FNV-1a 32-bit matches the reference values", () => {
  assert.equal(fnv1a32(""), 0x811c9dc5);
  assert.equal(fnv1a32("a"), 0xe40c292c);
  assert.equal(fnv1a32("foobar"), 0xbf9cf968);
});

Deno.test("hash: name, default 1024 dimensions, configurable", async () => {
  const v = createHashVectorizer();
  assert.equal(v.name, "text2vec-hash");
  assert.equal(v.dimensions, 1024);
  const [vec] = await v.vectorize(["hello world"], { signal });
  assert.equal(vec.length, 1024);
  const small = createHashVectorizer({ dimensions: 16 });
  assert.equal((await small.vectorize(["x"], { signal }))[0].length, 16);
  assert.throws(() => createHashVectorizer({ dimensions: 0 }), /positive integer/);
});

Deno.test("hash: deterministic and L2-normalised", async () => {
  const v = createHashVectorizer();
  const [a, b] = await v.vectorize(["The quick brown fox", "The quick brown fox"], { signal });
  assert.deepEqual(a, b);
  const norm = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
  assert.ok(Math.abs(norm - 1) < 1e-12);
});

Deno.test("hash: lexical — case and punctuation do not matter, shared words bring texts closer", () => {
  assert.deepEqual(hashEmbed("Hello, WORLD!", 64), hashEmbed("hello world", 64));
  const q = hashEmbed("red apple pie", 256);
  const near = hashEmbed("apple pie recipe", 256);
  const far = hashEmbed("quantum physics lecture", 256);
  assert.ok(cosineDistance(q, near) < cosineDistance(q, far));
});

Deno.test("hash: bigrams make word order matter", () => {
  assert.notDeepEqual(hashEmbed("dog bites man", 256), hashEmbed("man bites dog", 256));
});

Deno.test("hash: text without words is the zero vector", () => {
  assert.ok(hashEmbed("  ... !!", 32).every((x) => x === 0));
});

Deno.test("hash: honours an aborted signal", async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(() => createHashVectorizer().vectorize(["x"], { signal: ac.signal }));
});

Deno.test("hash: a text containing the query word is never orthogonal to it (no sign cancelling)", () => {
  const q = hashEmbed("flying", 1024);
  const doc = hashEmbed(
    "JeopardyQuestion the Wright brothers In December 1903 these brothers from Dayton, Ohio kept " +
      "the first powered airplane flying under control near Kitty Hawk",
    1024,
  );
  const dot = q.reduce((s, x, i) => s + x * doc[i], 0);
  assert.ok(dot > 0.1, `similarity ${dot}`);
});

Deno.test("text2vec-hash: the inline UTF-8 FNV-1a equals hashing TextEncoder bytes", () => {
  const reference = (text: string) => {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193);
    return hash >>> 0;
  };
  const samples = [
    "",
    "a",
    "café",
    "naïve résumé",
    "日本語",
    "emoji 😀 ok",
    "\ud800 lone",
    "x\udc00",
  ];
  let seed = 3;
  for (let i = 0; i < 200; i++) {
    let s = "";
    for (let j = 0; j < 6; j++) {
      seed = (seed * 16807) % 2147483647;
      s += String.fromCharCode(seed % 0xffff);
    }
    samples.push(s);
  }
  for (const s of samples) assert.equal(fnv1a32(s), reference(s), JSON.stringify(s));
});

Deno.test("text2vec-hash: vectors equal the string-concatenating reference", () => {
  const reference = (text: string, dimensions: number) => {
    const vector = new Array<number>(dimensions).fill(0);
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    for (let i = 0; i < words.length; i++) {
      vector[fnv1a32(words[i]) % dimensions] += 1;
      if (i > 0) vector[fnv1a32(`${words[i - 1]} ${words[i]}`) % dimensions] += 0.5;
    }
    const norm = Math.sqrt(vector.reduce((s, v) => s + v * v, 0));
    return norm === 0 ? vector : vector.map((v) => v / norm);
  };
  for (const text of ["Red apple pie, apple PIE!", "naïve café über 日本 語", "a b a b a", ""]) {
    for (const d of [8, 64, 384]) assert.deepEqual(hashEmbed(text, d), reference(text, d), text);
  }
});
