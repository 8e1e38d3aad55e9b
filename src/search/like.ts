/**
 * Weaviate's `Like` wildcards (`*`: any run of characters, `?`: exactly one character, everything
 * else literal) as a linear-time matcher. A RegExp such as `^.*.*.*x$` backtracks exponentially
 * (a 19-character pattern blocked the process for seconds); the greedy two-pointer match below
 * never revisits more than the last `*`, so it costs at most pattern length x text length.
 * Characters are code points (as the former `u` RegExp matched them); case is kept, callers
 * lower-case where the property's tokenization does.
 * @module
 */

/** A compiled `Like` pattern. */
export interface LikeMatcher {
  /** True when the whole of `text` matches the pattern. */
  test(text: string): boolean;
}

/** Compiles a `Like` pattern (`*` any run, `?` one character) into a {@link LikeMatcher}. */
export function compileLike(pattern: string): LikeMatcher {
  const p = Array.from(pattern);
  const literal = !p.includes("*") && !p.includes("?");
  return {
    test: literal ? (text) => text === pattern : (text) => matchWildcards(p, Array.from(text)),
  };
}

/**
 * Greedy wildcard match: on a mismatch, retry from the most recent `*` with one more character
 * swallowed. Earlier stars never need revisiting, as the last one can absorb any extra text.
 */
function matchWildcards(p: readonly string[], t: readonly string[]): boolean {
  let i = 0; // text position
  let j = 0; // pattern position
  let star = -1; // pattern position of the last `*`
  let resume = 0; // text position that `*` swallowed up to
  while (i < t.length) {
    const c = p[j];
    if (j < p.length && c !== "*" && (c === "?" || c === t[i])) {
      i++;
      j++;
    } else if (c === "*") {
      star = j++;
      resume = i;
    } else if (star >= 0) {
      j = star + 1;
      i = ++resume;
    } else {
      return false;
    }
  }
  while (p[j] === "*") j++;
  return j === p.length;
}
