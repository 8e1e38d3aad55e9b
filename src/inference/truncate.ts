/**
 * Truncation the tokenizer library lacks: `longest_first` for pairs, exactly as Hugging Face
 * tokenizers (Rust, the "fast" tokenizers sentence-transformers uses) computes it, and a
 * character pre-cut so that a 100 kB passage is not tokenized in full only to keep 500 tokens.
 * @module
 */

/**
 * How many tokens of each side `longest_first` keeps when the pair must fit `budget` tokens
 * (the model's max length minus the 3 special tokens). Tokens are dropped from the longer side
 * until both are equal, then alternately; the side that was longer (the second one on a tie)
 * keeps the odd token. Mirrors `truncate_encodings` in huggingface/tokenizers.
 */
export function longestFirst(first: number, second: number, budget: number): [number, number] {
  if (first + second <= budget) return [first, second];
  const swap = first > second;
  let short = swap ? second : first;
  let long: number;
  if (short > budget) long = short;
  else long = Math.max(short, budget - short);
  if (short + long > budget) {
    short = Math.floor(budget / 2);
    long = short + (budget % 2);
  }
  return swap ? [long, short] : [short, long];
}

/** Characters per token assumed for the pre-cut; English WordPiece averages ~4-5. */
const CHARS_PER_TOKEN = 6;
/** Tokens one cut-off word can produce at most (WordPiece `max_input_chars_per_word`). */
const WORD_TOKENS = 100;

/** Token ids of one text, possibly from a prefix of it. */
export interface BoundedIds {
  readonly ids: number[];
  /** True when only a prefix of the text was tokenized. */
  readonly cut: boolean;
  /** A lower bound of the full text's token count (exact when `cut` is false). */
  readonly lowerBound: number;
  /** How many leading ids are certainly those of the full text. */
  readonly exactPrefix: number;
}

/**
 * Tokenizes `text`, or only a prefix of it when the text is far longer than `need` tokens. The
 * prefix ends at a whitespace when one is near the cut (then its tokens are an exact prefix of
 * the full text's); otherwise one word may be cut, which can change at most that word's tokens.
 * Falls back to the full text when the prefix gives too few tokens.
 */
export function encodeBounded(
  encode: (text: string) => number[],
  text: string,
  need: number,
): BoundedIds {
  const limit = need * CHARS_PER_TOKEN + 64;
  if (text.length > limit) {
    let end = limit;
    while (end > limit * 0.75 && !/\s/.test(text[end])) end--;
    const atSpace = /\s/.test(text[end]);
    if (!atSpace) end = limit;
    // Do not split a surrogate pair.
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
    const ids = encode(text.slice(0, end));
    const exactPrefix = atSpace ? ids.length : Math.max(0, ids.length - WORD_TOKENS);
    if (exactPrefix >= need) {
      const lowerBound = atSpace ? ids.length : exactPrefix + 1;
      return { ids, cut: true, lowerBound, exactPrefix };
    }
  }
  const ids = encode(text);
  return { ids, cut: false, lowerBound: ids.length, exactPrefix: ids.length };
}
