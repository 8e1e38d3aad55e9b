/**
 * What a query costs, measured cheaply before graphql-js parses or validates it, so the request
 * limits (`limits.maxQueryDepth`, `maxClassFields`, `maxExpandedFields`) refuse a hostile query
 * before it can overflow the stack or multiply work:
 *
 * - {@link textDepth}: bracket nesting of the raw text, one linear scan, no parse (graphql-js's
 *   recursive-descent parser overflows the stack on a few thousand levels);
 * - {@link measureDocument}: fields after fragment expansion, class fields (`Get { C }`, aliases
 *   included) and depth after expansion, each fragment measured once (memoised), so nested spreads
 *   cost nothing however much they would expand;
 * - {@link valueDepth}: nesting of a JSON value (`variables`), iteratively.
 * @module
 */
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/** The cost of one document (the costliest operation when it has several). */
export interface QueryCost {
  /** Nesting of selection sets, inline fragments and fragment spreads after expansion. */
  readonly depth: number;
  /** Fields one level below a root field (`Get { A: C {...} B: C {...} }` has 2). */
  readonly classFields: number;
  /** All fields after fragments are expanded (each spread counts its fragment again). */
  readonly expandedFields: number;
}

/**
 * Deepest nesting of `{`, `[` and `(` in a query text, strings and comments skipped. Linear and
 * allocation-free; unbalanced text is left to the parser's syntax errors.
 */
export function textDepth(query: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    if (c === 123 || c === 91 || c === 40) { // { [ (
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93 || c === 41) { // } ] )
      if (depth > 0) depth--;
    } else if (c === 35) { // # comment to the end of the line
      while (i + 1 < query.length && query[i + 1] !== "\n" && query[i + 1] !== "\r") i++;
    } else if (c === 34) { // "
      i = stringEnd(query, i) - 1;
    }
  }
  return max;
}

/** Index just after the string starting at `start` (a `"` or `"""`). */
function stringEnd(src: string, start: number): number {
  if (src.startsWith('"""', start)) {
    let j = start + 3;
    while (j < src.length) {
      if (src[j] === "\\" && src.startsWith('"""', j + 1)) j += 4;
      else if (src.startsWith('"""', j)) return j + 3;
      else j++;
    }
    return src.length;
  }
  for (let j = start + 1; j < src.length; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === '"' || c === "\n" || c === "\r") return j + 1;
  }
  return src.length;
}

/** A fragment spread inside a definition: where it sits, relative to the definition's top. */
interface Spread {
  readonly name: string;
  /** Selection-set level (0: the definition's own set); class fields count by level. */
  readonly level: number;
  /** Nesting depth at the spread (selection sets, inline fragments, spreads). */
  readonly depth: number;
}

/** A definition measured without its spreads, plus the spreads to add. */
interface Local {
  readonly fields: number;
  readonly depth: number;
  /** Fields at level 0 and level 1. */
  readonly levels: readonly [number, number];
  readonly spreads: readonly Spread[];
}

/** A definition measured with its spreads expanded. */
interface Total {
  readonly fields: number;
  readonly depth: number;
  readonly levels: readonly [number, number];
}

const ZERO: Total = { fields: 0, depth: 0, levels: [0, 0] };

/** One walk over a definition's own selections (bounded by {@link textDepth}). */
function local(set: SelectionSetNode): Local {
  let fields = 0;
  let maxDepth = 0;
  const levels: [number, number] = [0, 0];
  const spreads: Spread[] = [];
  const walk = (s: SelectionSetNode, level: number, depth: number) => {
    if (depth > maxDepth) maxDepth = depth;
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) {
        fields++;
        if (level < 2) levels[level]++;
        if (sel.selectionSet) walk(sel.selectionSet, level + 1, depth + 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, level, depth + 1);
      } else {
        spreads.push({ name: sel.name.value, level, depth: depth + 1 });
      }
    }
  };
  walk(set, 0, 1);
  return { fields, depth: maxDepth, levels, spreads };
}

function combine(own: Local, totalOf: (name: string) => Total): Total {
  let fields = own.fields;
  let depth = own.depth;
  const levels: [number, number] = [own.levels[0], own.levels[1]];
  for (const s of own.spreads) {
    const t = totalOf(s.name);
    fields += t.fields;
    if (t.depth > 0) depth = Math.max(depth, s.depth - 1 + t.depth);
    if (s.level === 0) {
      levels[0] += t.levels[0];
      levels[1] += t.levels[1];
    } else if (s.level === 1) {
      levels[1] += t.levels[0];
    }
  }
  return { fields, depth, levels };
}

/**
 * Measures a parsed document (see {@link QueryCost}). Each fragment is measured once and its
 * total reused at every spread; fragments are resolved with an explicit stack, so long spread
 * chains cannot overflow it. Cycles and unknown fragments count as empty (validation refuses
 * them afterwards).
 */
export function measureDocument(document: DocumentNode): QueryCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    else if (d.kind === Kind.OPERATION_DEFINITION) operations.push(d);
  }
  const locals = new Map<string, Local>();
  const localOf = (name: string): Local | undefined => {
    let l = locals.get(name);
    if (!l) {
      const frag = fragments.get(name);
      if (!frag) return undefined;
      l = local(frag.selectionSet);
      locals.set(name, l);
    }
    return l;
  };
  const totals = new Map<string, Total>();
  const open = new Set<string>();
  const totalOf = (name: string): Total => totals.get(name) ?? ZERO;
  const resolve = (root: string) => {
    const stack = [root];
    while (stack.length > 0) {
      const name = stack[stack.length - 1];
      const own = localOf(name);
      if (totals.has(name) || !own) {
        stack.pop();
        continue;
      }
      if (!open.has(name)) {
        open.add(name);
        for (const s of own.spreads) {
          if (!totals.has(s.name) && !open.has(s.name)) stack.push(s.name);
        }
        continue;
      }
      totals.set(name, combine(own, totalOf));
      open.delete(name);
      stack.pop();
    }
  };
  let depth = 0;
  let classFields = 0;
  let expandedFields = 0;
  for (const op of operations) {
    const own = local(op.selectionSet);
    for (const s of own.spreads) resolve(s.name);
    const t = combine(own, totalOf);
    depth = Math.max(depth, t.depth);
    classFields = Math.max(classFields, t.levels[1]);
    expandedFields = Math.max(expandedFields, t.fields);
  }
  return { depth, classFields, expandedFields };
}

/**
 * Nesting depth of a JSON value (a scalar is 0, `[]` and `{}` are 1), computed iteratively and
 * stopping as soon as it exceeds `limit`.
 */
export function valueDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    const depth = d + 1;
    if (depth > max) {
      max = depth;
      if (max > limit) return max;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === "object") stack.push([child, depth]);
    }
  }
  return max;
}
