import assert from "node:assert/strict";
import { tokenize, tokenizeWithWildcards } from "../../src/search/tokenize.ts";

Deno.test("tokenize: word lower-cases and splits on non-alphanumerics (Unicode aware)", () => {
  assert.deepEqual(tokenize("Hello, World! it's café_au-lait 42x"), [
    "hello",
    "world",
    "it",
    "s",
    "café",
    "au",
    "lait",
    "42x",
  ]);
  assert.deepEqual(tokenize("Größe ÜBER"), ["größe", "über"]);
  assert.deepEqual(tokenize("  ...  "), []);
});

Deno.test("tokenize: lowercase splits on whitespace only", () => {
  assert.deepEqual(tokenize("Hello, World!  Foo-Bar", "lowercase"), [
    "hello,",
    "world!",
    "foo-bar",
  ]);
});

Deno.test("tokenize: whitespace keeps case", () => {
  assert.deepEqual(tokenize(" Hello  World ", "whitespace"), ["Hello", "World"]);
});

Deno.test("tokenize: field is the trimmed whole value", () => {
  assert.deepEqual(tokenize("  New York City ", "field"), ["New York City"]);
  assert.deepEqual(tokenize("   ", "field"), []);
});

Deno.test("tokenizeWithWildcards: keeps * and ? inside word tokens", () => {
  assert.deepEqual(tokenizeWithWildcards("App* b?nana, x"), ["app*", "b?nana", "x"]);
  assert.deepEqual(tokenizeWithWildcards("Ap* X", "whitespace"), ["Ap*", "X"]);
});
