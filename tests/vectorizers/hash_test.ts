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
