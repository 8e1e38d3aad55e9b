/**
 * The vector-literal fast path. Weaviate clients put `nearVector: {vector: [...]}` into the query
 * text, so nearly every query string is unique and a document cache keyed by the text never hits,
 * while parsing and validating a 384-d literal costs ~0.4 ms (1536-d: ~1.1 ms). Here long numeric
 * list literals are blanked out (same length, so every error location stays exact), the blanked
 * text is parsed and validated once per shape, and each request's numbers either go straight into
 * the compiled form's argument slots (compiled_query.ts) or are put back into the cached document
 * as literal nodes for graphql-js.
 * @module
 */
import { type DocumentNode, Kind, type ListValueNode, visit } from "graphql";

/** Lists shorter than this are left in place: they are cheap to parse and validate. */
export const MIN_VECTOR_LENGTH = 16;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** A query whose long numeric list literals were blanked out. */
export interface StrippedQuery {
  /** The query with each long list's contents replaced by spaces (newlines kept). */
  readonly shape: string;
  /** Source offset of each blanked list's `[` -> its number tokens, in source order. */
  readonly lists: ReadonlyMap<number, readonly string[]>;
}

/** Reads a flat list of numbers starting at `[` (index `open`); undefined if it is not one. */
function numberList(src: string, open: number): { end: number; tokens: string[] } | undefined {
  const tokens: string[] = [];
  let i = open + 1;
  while (i < src.length) {
    const ch = src.charCodeAt(i);
    // Whitespace, line terminators and commas are insignificant in GraphQL.
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 44 || ch === 0xfeff) {
      i++;
      continue;
    }
    if (ch === 93) return { end: i, tokens }; // ]
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(src);
    if (!m) return undefined;
    tokens.push(m[0]);
    i += m[0].length;
  }
  return undefined;
}

function skipString(src: string, i: number): number {
  if (src.startsWith('"""', i)) {
    const end = src.indexOf('"""', i + 3);
    // Block strings escape only \""" ; find the first unescaped closing triple quote.
    let j = end;
    while (j > 0 && src[j - 1] === "\\") j = src.indexOf('"""', j + 3);
    return j < 0 ? src.length : j + 3;
  }
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === '"' || c === "\n" || c === "\r") return j + 1;
  }
  return src.length;
}

/** One long numeric list literal of a query text. */
export interface VectorList {
  /** Source offset of the list's `[`. */
  readonly open: number;
  /** Source offset of the list's `]`. */
  readonly close: number;
  /** Its numbers, as the `Vector` and `[Float]` literal coercions read them (`Number(token)`). */
  readonly values: number[];
}

/**
 * A flat list of >= {@link MIN_VECTOR_LENGTH} numbers at `open`, or undefined. Clients write
 * vectors with `JSON.stringify`, so `JSON.parse` reads the common form in one native pass; JSON's
 * number grammar is GraphQL's and its separators are a subset of GraphQL's, so whatever it
 * accepts is a GraphQL number list with the same numbers. Anything else (no commas, a trailing
 * comma, a BOM) takes the token scanner.
 */
function vectorAt(src: string, open: number): VectorList | undefined {
  let first = open + 1;
  while (first < src.length) {
    const ch = src.charCodeAt(first);
    if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) break;
    first++;
  }
  const lead = src.charCodeAt(first);
  const close = src.indexOf("]", first);
  if (close > 0 && (lead === 45 || (lead >= 48 && lead <= 57))) { // - or a digit
    let values: unknown;
    try {
      values = JSON.parse(src.slice(open, close + 1));
    } catch {
      values = undefined;
    }
    if (Array.isArray(values) && values.every((x) => typeof x === "number")) {
      return values.length >= MIN_VECTOR_LENGTH ? { open, close, values } : undefined;
    }
  }
  const list = numberList(src, open);
  if (!list || list.tokens.length < MIN_VECTOR_LENGTH) return undefined;
  return { open, close: list.end, values: list.tokens.map(Number) };
}

/** The long numeric list literals of a query text, in source order (strings and comments skipped). */
export function scanVectorLiterals(src: string): VectorList[] {
  const out: VectorList[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 34) { // "
      i = skipString(src, i) - 1;
    } else if (c === 35) { // #
      const nl = src.slice(i).search(/[\n\r]/);
      i = nl < 0 ? src.length : i + nl;
    } else if (c === 91) { // [
      const list = vectorAt(src, i);
      if (list) {
        out.push(list);
        i = list.close;
      }
    }
  }
  return out;
}

/** True when a list's contents span a line break (the blanked text then keeps it). */
export function listsSpanLines(src: string, lists: readonly VectorList[]): boolean {
  for (const nl of ["\n", "\r"]) {
    let at = src.indexOf(nl, lists[0].open);
    for (const l of lists) {
      if (at < 0) break;
      if (at < l.open) at = src.indexOf(nl, l.open);
      if (at >= 0 && at < l.close) return true;
    }
  }
  return false;
}

/** The query with each list's contents replaced by spaces (newlines kept), same length. */
export function blankVectorLiterals(src: string, lists: readonly VectorList[]): string {
  const out: string[] = [];
  let copied = 0;
  for (const l of lists) {
    const inner = src.slice(l.open + 1, l.close);
    out.push(
      src.slice(copied, l.open + 1),
      /[\n\r]/.test(inner) ? inner.replace(/[^\n\r]/g, " ") : " ".repeat(inner.length),
    );
    copied = l.close;
  }
  out.push(src.slice(copied));
  return out.join("");
}

/**
 * A short text naming the query's structure without its lists' contents: where each list sits in
 * the text outside the lists, then that text. Queries with the same key differ only in the
 * numbers (and their lengths) of their lists; `exact` also names the lists' offsets, so the key
 * then names the blanked query itself. (Lists spanning lines keep their line breaks in the
 * blanked text, so such queries are keyed by the blanked text.)
 */
export function vectorShapeKey(
  src: string,
  lists: readonly VectorList[],
  exact = false,
): string {
  const head: number[] = [];
  const out: string[] = [];
  let copied = 0;
  let outside = 0;
  for (const l of lists) {
    const piece = src.slice(copied, l.open + 1);
    out.push(piece);
    outside += piece.length;
    head.push(outside);
    copied = l.close;
  }
  out.push(src.slice(copied));
  const offsets = exact ? lists.map((l) => `${l.open}:${l.close}`).join(",") + "#" : "";
  return offsets + head.join(",") + "|" + out.join("");
}

/** True when two scans put their lists at the same offsets (same blanked text layout). */
export function sameLayout(a: readonly VectorSpan[], b: readonly VectorSpan[]): boolean {
  return a.length === b.length && a.every((l, i) => l.open === b[i].open && l.close === b[i].close);
}

/** Where a list sits: its `[` and `]` offsets. */
export type VectorSpan = Pick<VectorList, "open" | "close">;

/** A GraphQL source location (1-based line and column). */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps a location in a query laid out with lists `from` (the cached document's source `text`) to
 * the same place in a query with the same structure and lists `to` (no list spans a line in
 * either): the column moves by the length differences of the lists before it on its line.
 */
export function locationMapper(
  text: string,
  from: readonly VectorSpan[],
  to: readonly VectorSpan[],
): (loc: SourceLocation) => SourceLocation {
  let lineStarts: number[] | undefined;
  return (loc) => {
    lineStarts ??= [0, ...[...text.matchAll(/\r\n|[\n\r]/g)].map((m) => m.index! + m[0].length)];
    const start = lineStarts[loc.line - 1] ?? 0;
    const at = start + loc.column - 1;
    let shift = 0;
    for (let i = 0; i < from.length; i++) {
      if (from[i].open >= start && from[i].close < at) {
        shift += (to[i].close - to[i].open) - (from[i].close - from[i].open);
      }
    }
    return { line: loc.line, column: loc.column + shift };
  };
}

/** The number tokens of a scanned list, as the query writes them. */
export function listTokens(src: string, list: VectorList): readonly string[] {
  return numberList(src, list.open)?.tokens ?? [];
}

/** Blanks out long numeric list literals; returns undefined when there are none. */
export function stripVectorLiterals(src: string): StrippedQuery | undefined {
  const lists = scanVectorLiterals(src);
  if (lists.length === 0) return undefined;
  return {
    shape: blankVectorLiterals(src, lists),
    lists: new Map(lists.map((l) => [l.open, listTokens(src, l)])),
  };
}

function listNode(tokens: readonly string[], template: ListValueNode): ListValueNode {
  return {
    kind: Kind.LIST,
    loc: template.loc,
    values: tokens.map((value) => ({
      kind: /[.eE]/.test(value) ? Kind.FLOAT : Kind.INT,
      value,
    })),
  };
}

/** Puts a request's numbers back into the cached (blanked) document. */
export function restoreVectorLiterals(
  document: DocumentNode,
  lists: ReadonlyMap<number, readonly string[]>,
): DocumentNode {
  return visit(document, {
    ListValue: {
      leave(node) {
        const tokens = node.loc ? lists.get(node.loc.start) : undefined;
        return tokens ? listNode(tokens, node) : undefined;
      },
    },
  });
}
