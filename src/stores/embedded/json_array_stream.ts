/**
 * Splits a JSON array arriving as text chunks into the source text of its elements, so a large
 * `.json` data file is parsed one record at a time (`JSON.parse` per element) instead of being
 * held whole, as text and as one parsed array, next to the objects built from it. Only the
 * array's own structure is scanned here (strings, nesting, commas); each element's syntax is
 * checked by `JSON.parse`.
 * @module
 */

/** A structural error of the array itself (not of one element), with a short reason. */
export class JsonArrayError extends Error {}

const QUOTE = 0x22, COMMA = 0x2c;
const OPEN_SQUARE = 0x5b, CLOSE_SQUARE = 0x5d, OPEN_CURLY = 0x7b, CLOSE_CURLY = 0x7d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Where the scanner is: before the `[`; after `[` or `,`; inside an element; after the `]`. */
const START = 0, ELEMENT = 1, VALUE = 2, END = 3;

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? text.length : at;
}

/**
 * Yields the source text of each element of the JSON array spread over `chunks`, in order.
 * Throws {@link JsonArrayError} when the text is not an array (`not an array`), ends early, has
 * an empty element (`[1,,2]`, `[1,]`) or has text after the closing `]`. A leading BOM must be
 * removed by the caller.
 */
export async function* jsonArrayElements(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<string> {
  let state = START;
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escaped = false;
  let element = ""; // the current element's text from earlier chunks
  let sawElement = false;
  for await (const chunk of chunks) {
    let from = 0; // start of the current element's text within this chunk
    let nextBackslash = -1; // position of the next backslash at or after the last search
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === VALUE) {
        if (inString) {
          if (escaped) {
            escaped = false;
            continue;
          }
          // Jump to the string's next quote or backslash (the scan's hot path).
          if (nextBackslash < i) nextBackslash = indexOrEnd(chunk, "\\", i);
          const quote = indexOrEnd(chunk, '"', i);
          if (nextBackslash < quote) {
            i = nextBackslash;
            escaped = true;
          } else {
            i = quote;
            inString = quote === chunk.length;
          }
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_CURLY || c === OPEN_SQUARE) depth++;
        else if ((c === CLOSE_CURLY || c === CLOSE_SQUARE) && depth > 0) depth--;
        else if (depth === 0 && (c === COMMA || c === CLOSE_SQUARE)) {
          const text = element + chunk.slice(from, i);
          element = "";
          if (text.trim() === "") throw new JsonArrayError("empty array element");
          yield text;
          state = c === COMMA ? ELEMENT : END;
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (state === START) {
        if (c !== OPEN_SQUARE) throw new JsonArrayError("not an array");
        state = ELEMENT;
      } else if (state === ELEMENT) {
        if (c === CLOSE_SQUARE && !sawElement) {
          state = END;
          continue;
        }
        if (c === COMMA || c === CLOSE_SQUARE) throw new JsonArrayError("empty array element");
        sawElement = true;
        state = VALUE;
        from = i;
        i--; // scan this character as part of the value
      } else {
        throw new JsonArrayError("unexpected text after the array");
      }
    }
    if (state === VALUE) element += chunk.slice(from);
  }
  if (state === START) throw new JsonArrayError("not an array");
  if (state !== END) throw new JsonArrayError("unexpected end of the array");
}
