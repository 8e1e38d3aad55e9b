/**
 * The vector-literal fast path. Weaviate clients put `nearVector: {vector: [...]}` into the query
 * text, so nearly every query string is unique and a document cache keyed by the text never hits,
 * while parsing and validating a 384-d literal costs ~0.4 ms (1536-d: ~1.1 ms). Here long numeric
 * list literals are blanked out (same length, so every error location stays exact), the blanked
 * text is parsed and validated once per shape, and each request's numbers are put back into the
 * cached document as literal nodes.
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

/** Blanks out long numeric list literals; returns undefined when there are none. */
export function stripVectorLiterals(src: string): StrippedQuery | undefined {
  let lists: Map<number, string[]> | undefined;
  let out: string[] | undefined;
  let copied = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '"') {
      i = skipString(src, i) - 1;
    } else if (c === "#") {
      const nl = src.slice(i).search(/[\n\r]/);
      i = nl < 0 ? src.length : i + nl;
    } else if (c === "[") {
      const list = numberList(src, i);
      if (list && list.tokens.length >= MIN_VECTOR_LENGTH) {
        lists ??= new Map();
        out ??= [];
        lists.set(i, list.tokens);
        out.push(src.slice(copied, i + 1), src.slice(i + 1, list.end).replace(/[^\n\r]/g, " "));
        copied = list.end;
        i = list.end;
      }
    }
  }
  if (!lists || !out) return undefined;
  out.push(src.slice(copied));
  return { shape: out.join(""), lists };
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
