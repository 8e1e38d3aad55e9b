/**
 * Weaviate's property tokenizations, used by filters and bm25.
 *
 * - `word`: lower-case, then split on everything that is not a Unicode letter or digit.
 * - `lowercase`: lower-case, then split on whitespace.
 * - `whitespace`: split on whitespace, case kept.
 * - `field`: the whole value, trimmed, case kept.
 *
 * No stemming. Stop words are dropped on the query side only (`stopwords.ts`).
 * @module
 */

/** One of Weaviate's tokenization names. */
export type Tokenization = "word" | "lowercase" | "whitespace" | "field";

const WORD = /[\p{L}\p{N}]+/gu;
const WORD_WITH_WILDCARDS = /[\p{L}\p{N}*?]+/gu;
const WHITESPACE = /\s+/u;

/** Splits `text` into tokens the way Weaviate's `tokenization` does. */
export function tokenize(text: string, tokenization: Tokenization = "word"): string[] {
  switch (tokenization) {
    case "word":
      return text.toLowerCase().match(WORD) ?? [];
    case "lowercase":
      return splitWhitespace(text.toLowerCase());
    case "whitespace":
      return splitWhitespace(text);
    case "field": {
      const trimmed = text.trim();
      return trimmed === "" ? [] : [trimmed];
    }
  }
}

/**
 * Tokenizes a `Like` pattern: as {@link tokenize}, but `*` and `?` stay part of `word` tokens so a
 * pattern such as `app*` survives tokenization.
 */
export function tokenizeWithWildcards(
  text: string,
  tokenization: Tokenization = "word",
): string[] {
  if (tokenization === "word") return text.toLowerCase().match(WORD_WITH_WILDCARDS) ?? [];
  return tokenize(text, tokenization);
}

function splitWhitespace(text: string): string[] {
  return text.split(WHITESPACE).filter((t) => t !== "");
}
