/**
 * An English analyzer for the SciFact comparison, close to the one behind the published BM25
 * figures (Anserini's default: Lucene `StandardTokenizer`, lower-casing, Lucene's English stop
 * words, Porter stemming): Weaviate `word` tokenization, Lucene's 33 English stop words removed,
 * then Orama's English (Porter) stemmer. Used only to pre-analyse benchmark text; the gateway
 * itself never stems (Weaviate does not).
 * @module
 */
import { components } from "npm:@orama/orama@3.1.18";
import { tokenize } from "../src/search/tokenize.ts";

/** Lucene's `EnglishAnalyzer.ENGLISH_STOP_WORDS_SET` (also Anserini's default stop list). */
export const LUCENE_ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  ("a an and are as at be but by for if in into is it no not of on or such that the their " +
    "then there these they this to was will with").split(" "),
);

const stem = components.tokenizer.createTokenizer({ language: "english", stemming: true })
  .stemmer!;

/** Tokenizes (`word`), drops stop words and stems; returns the tokens joined by spaces. */
export function englishAnalyzer(text: string): string {
  return tokenize(text, "word")
    .filter((t) => !LUCENE_ENGLISH_STOP_WORDS.has(t))
    .map((t) => stem(t))
    .join(" ");
}
