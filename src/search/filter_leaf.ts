/**
 * The leaf predicates of `where` filters (Equal, Contains*, Like, ranges) over compiled leaves.
 * See `filter.ts` for the semantics.
 * @module
 */
import type { CompareOperator } from "../core/plan.ts";
import { QueryError } from "../errors/query_error.ts";
import { queryError } from "../errors/query_errors.ts";
import { compileLike } from "./like.ts";
import { type Tokenization, tokenize, tokenizeWithWildcards } from "./tokenize.ts";

/** What a filter is evaluated against. */
export interface FilterTarget {
  readonly id: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly creationTimeUnix: number;
  readonly lastUpdateTimeUnix: number;
}

/** A compiled filter. */
export type FilterPredicate = (target: FilterTarget) => boolean;

/** How a leaf compares values. */
export type Family = "text" | "string" | "number" | "boolean" | "date" | "geo" | "id" | "timestamp";
/** A comparable value: strings, numbers (dates and timestamps as ms) and booleans. */
export type Atom = string | number | boolean;

/** A resolved filter leaf: operator, comparison family and how to read the value. */
export interface Leaf {
  readonly operator: CompareOperator;
  readonly family: Family;
  readonly tokenization: Tokenization;
  /** Weaviate's name of the type, for messages (`text`, `int`, `uuid`, ...). */
  readonly typeName: string;
  readonly read: (t: FilterTarget) => unknown;
  /** Stop words dropped from `word`-tokenized filter values (not from stored values). */
  readonly stopwords?: ReadonlySet<string>;
}

/** The comparable atoms of a stored value (array elements, dates as ms, ids lower-cased). */
function atomsOf(leaf: Leaf, stored: unknown): Atom[] {
  if (stored === undefined || stored === null) return [];
  const list = Array.isArray(stored) ? stored : [stored];
  const out: Atom[] = [];
  for (const v of list) {
    if (v === null || v === undefined) continue;
    if (leaf.family === "date") {
      const ms = typeof v === "string" ? Date.parse(v) : NaN;
      if (!Number.isNaN(ms)) out.push(ms);
    } else if (leaf.family === "id") out.push(String(v).toLowerCase());
    else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.push(v);
  }
  return out;
}

function tokensOf(leaf: Leaf, stored: unknown): Set<string> {
  const out = new Set<string>();
  for (const a of atomsOf(leaf, stored)) {
    if (typeof a === "string") { for (const tok of tokenize(a, leaf.tokenization)) out.add(tok); }
  }
  return out;
}

/**
 * The query tokens of one text filter value: its tokens, without stop words when the property is
 * `word`-tokenized; none left is Weaviate's "only stopwords" error
 * (`adapters/repos/db/inverted/searcher.go` `extractTokenizableProp`).
 */
function queryTokens(leaf: Leaf, value: Atom): string[] {
  const tokens = tokenize(String(value), leaf.tokenization);
  const out = leaf.tokenization === "word" && leaf.stopwords
    ? tokens.filter((t) => !leaf.stopwords!.has(t))
    : tokens;
  // `field` always yields one (trimmed, maybe empty) token in Weaviate (tokenizer.go), so it never
  // fails; the gateway does not index empty values, so such a value matches nothing.
  if (out.length === 0 && leaf.tokenization !== "field") throw queryError("only_stopwords");
  return out;
}

function valueTokens(leaf: Leaf, values: Atom[]): string[] {
  return values.flatMap((v) => queryTokens(leaf, v));
}

/**
 * `ContainsAny` drops values that are only stop words, and fails only when every value is
 * (searcher.go `extractPropValuePairs`); the other operators fail on any such value.
 */
function containsTokens(leaf: Leaf, values: Atom[]): string[] {
  if (leaf.operator !== "ContainsAny") return valueTokens(leaf, values);
  const out: string[] = [];
  for (const v of values) {
    try {
      out.push(...queryTokens(leaf, v));
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
    }
  }
  if (out.length === 0 && leaf.tokenization !== "field") throw queryError("only_stopwords");
  return out;
}

/** `Equal`: all value tokens present (text), else any element equal. */
export function equalPredicate(leaf: Leaf, values: Atom[]): FilterPredicate {
  if (leaf.family === "text") {
    const wanted = valueTokens(leaf, values);
    if (wanted.length === 0) return () => false;
    return (t) => {
      const have = tokensOf(leaf, leaf.read(t));
      return wanted.every((w) => have.has(w));
    };
  }
  const wanted = values[0];
  return (t) => atomsOf(leaf, leaf.read(t)).some((a) => a === wanted);
}

/** `ContainsAny` / `ContainsAll` / `ContainsNone`. */
export function containsPredicate(leaf: Leaf, values: Atom[]): FilterPredicate {
  const op = leaf.operator;
  const wanted = leaf.family === "text" ? containsTokens(leaf, values) : values;
  return (t) => {
    const stored = leaf.read(t);
    const have: Set<Atom> = leaf.family === "text"
      ? tokensOf(leaf, stored)
      : new Set(atomsOf(leaf, stored));
    if (op === "ContainsAll") return have.size > 0 && wanted.every((w) => have.has(w));
    const any = wanted.some((w) => have.has(w));
    return op === "ContainsAny" ? any : !any;
  };
}

/** `Like` with `*` and `?` (linear-time, see like.ts). */
export function likePredicate(
  leaf: Leaf,
  values: Atom[],
  path: readonly string[],
): FilterPredicate {
  if (leaf.family !== "text" && leaf.family !== "string" && leaf.family !== "id") {
    throw new Error(`operator Like is only supported on text properties (path ${path.join(".")})`);
  }
  const pattern = String(values[0]);
  if (leaf.family !== "text") {
    const like = compileLike(leaf.family === "id" ? pattern.toLowerCase() : pattern);
    return (t) => atomsOf(leaf, leaf.read(t)).some((a) => like.test(String(a)));
  }
  const res = tokenizeWithWildcards(pattern, leaf.tokenization).map(compileLike);
  if (res.length === 0) return () => false;
  return (t) => {
    const have = [...tokensOf(leaf, leaf.read(t))];
    return res.every((re) => have.some((tok) => re.test(tok)));
  };
}

/** `GreaterThan(Equal)` / `LessThan(Equal)`: any element satisfies. */
export function rangePredicate(leaf: Leaf, wanted: Atom, path: readonly string[]): FilterPredicate {
  if (leaf.family === "boolean" || leaf.family === "geo") {
    throw new Error(
      `operator ${leaf.operator} is not supported on ${leaf.family} properties (path ${
        path.join(".")
      })`,
    );
  }
  const cmp = (a: Atom): boolean => {
    switch (leaf.operator) {
      case "GreaterThan":
        return a > wanted;
      case "GreaterThanEqual":
        return a >= wanted;
      case "LessThan":
        return a < wanted;
      default:
        return a <= wanted;
    }
  };
  return (t) => atomsOf(leaf, leaf.read(t)).some((a) => typeof a === typeof wanted && cmp(a));
}

/** Missing, `null` or an empty array. */
export function isNull(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}
