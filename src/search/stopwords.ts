/**
 * Weaviate's stop words: the `en` preset (`adapters/repos/db/inverted/stopwords/presets.go`) or
 * none, plus the class's additions, minus its removals (`stopwords/detector.go`). They apply to
 * `word`-tokenized text only, and only on the query side: `where` values and bm25 query terms
 * lose them (`entities/tokenizer/analyze.go` `Analyze`: `Query` filtered, `Indexed` not).
 * @module
 */
import type { StopwordConfig } from "../config/types.ts";

/** Weaviate's `en` preset. */
export const EN_STOPWORDS: readonly string[] = [
  "a",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "but",
  "by",
  "for",
  "if",
  "in",
  "into",
  "is",
  "it",
  "no",
  "not",
  "of",
  "on",
  "or",
  "such",
  "that",
  "the",
  "their",
  "then",
  "there",
  "these",
  "they",
  "this",
  "to",
  "was",
  "will",
  "with",
];

/** Weaviate's default stop word configuration. */
export const DEFAULT_STOPWORDS: StopwordConfig = { preset: "en", additions: [], removals: [] };

/** The stop word set of a class configuration. */
export function stopwordSet(config: StopwordConfig = DEFAULT_STOPWORDS): ReadonlySet<string> {
  const out = new Set(config.preset === "en" ? EN_STOPWORDS : []);
  for (const w of config.additions) out.add(w);
  for (const w of config.removals) out.delete(w);
  return out;
}

/** `tokens` without stop words. */
export function withoutStopwords(
  tokens: readonly string[],
  stopwords: ReadonlySet<string>,
): string[] {
  return tokens.filter((t) => !stopwords.has(t));
}
