/**
 * Generators of GraphQL value literals for the fuzzer: texts (words of the sample data, random
 * and long strings), ints and floats including out-of-range and `1e999` spellings, vectors of the
 * right and wrong length (some poisoned with `1e999`), UUID-ish ids and `Like` patterns heavy in
 * `*` and `?`. Each renders to GraphQL source text.
 * @module
 */
import fc from "npm:fast-check@4.11.0";

/** A value node: GraphQL source text, a list, an object, or a `$variable` with its JSON value. */
export type Value =
  | { readonly t: "raw"; readonly s: string }
  | { readonly t: "list"; readonly items: readonly Value[] }
  | { readonly t: "obj"; readonly fields: readonly (readonly [string, Value])[] }
  | { readonly t: "var"; readonly type: string; readonly json: unknown };

/** Stands for `1e999` inside a JSON variables value; the body encoder writes it unquoted. */
export const JSON_INFINITY = "__fuzz_1e999__";

/** A raw literal. */
export const raw = (s: string): Value => ({ t: "raw", s });
/** An object literal. */
export const obj = (fields: readonly (readonly [string, Value])[]): Value => ({ t: "obj", fields });
/** A list literal. */
export const list = (items: readonly Value[]): Value => ({ t: "list", items });

const WORDS = [
  "balloon",
  "airship",
  "Hindenburg",
  "brothers",
  "hydrogen",
  "Wright",
  "flight",
  "FLIGHT",
  "Jeopardy!",
  "ocean",
  "river",
  "the",
  "of",
  "a",
  "gas",
  "1903",
] as const;

/** A word of the sample data (or a near miss). */
export const word: fc.Arbitrary<string> = fc.constantFrom(...WORDS);

/** A long string: one unit repeated, mostly up to 10,000 characters, sometimes 100,000. */
export const longString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("a", "balloon ", "\u00e9", "\u{1F388}", "\\", '"', "*", " "),
    fc.oneof({ weight: 9, arbitrary: fc.nat(10_000) }, { weight: 1, arbitrary: fc.nat(100_000) }),
  )
  .map(([unit, n]) => unit.repeat(Math.max(1, Math.ceil(n / unit.length))));

/** A JS string for a text argument. */
export const textString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(" ")) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: longString },
);

/** A GraphQL string literal (JSON's escapes are GraphQL's, lone surrogates aside). */
export const stringLit = (s: string): Value => raw(JSON.stringify(s));

/** A text value literal. */
export const text: fc.Arbitrary<Value> = textString.map(stringLit);

/** Ints, including values GraphQL's Int or Go's int64 reject and float spellings. */
export const int: fc.Arbitrary<Value> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -3, max: 120 }).map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "0",
      "-1",
      "2147483647",
      "2147483648",
      "-2147483649",
      "9007199254740993",
      "99999999999999999999999",
      "1e999",
      "1.5",
      "1e3",
    ),
  },
).map(raw);

function formatFloat(x: number): string {
  const s = String(x);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** Floats, including `1e999` (Infinity once parsed), denormals and huge magnitudes. */
export const float: fc.Arbitrary<Value> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.double({ min: -2, max: 2, noNaN: true }).map(formatFloat),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "1e999",
      "-1e999",
      "1e308",
      "-1.7976931348623157e308",
      "5e-324",
      "0",
    ),
  },
).map(raw);

/** Booleans (and a few non-booleans). */
export const bool: fc.Arbitrary<Value> = fc.constantFrom("true", "false", "null", '"true"', "1")
  .map(raw);

/** RFC 3339 dates and near misses. */
export const date: fc.Arbitrary<Value> = fc.oneof(
  fc.date({
    min: new Date("1900-01-01T00:00:00Z"),
    max: new Date("2100-01-01T00:00:00Z"),
    noInvalidDate: true,
  }).map((d) => d.toISOString()),
  fc.constantFrom("2002-06-11T00:00:00Z", "2002-06-11", "not a date", "9999-99-99T99:99:99Z", ""),
).map(stringLit);

/** UUID-ish ids: the sample's shape, random UUIDs and garbage. */
export const id: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.nat(70).map((i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`),
  fc.string({ maxLength: 40 }),
);

/** Deterministic numbers from a seed (mulberry32), so long vectors shrink as one value. */
function numbers(seed: number, n: number): number[] {
  let s = seed | 0;
  return Array.from({ length: n }, () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 * 2 - 1;
  });
}

/** A vector description: length, content seed and an optional poison at one position. */
export interface VectorSpec {
  readonly length: number;
  readonly seed: number;
  readonly poison: "none" | "1e999" | "-1e999" | "string" | "nested" | "null";
  readonly at: number;
}

/** Vector specs of the right length (`dims`) or not. */
export function vectorSpec(dims: number): fc.Arbitrary<VectorSpec> {
  return fc.record({
    length: fc.oneof(
      { weight: 6, arbitrary: fc.constant(dims) },
      { weight: 3, arbitrary: fc.nat(40) },
      { weight: 1, arbitrary: fc.nat(5000) },
    ),
    seed: fc.integer(),
    poison: fc.oneof(
      { weight: 8, arbitrary: fc.constant("none" as const) },
      {
        weight: 3,
        arbitrary: fc.constantFrom("1e999" as const, "-1e999" as const, "string" as const),
      },
      { weight: 1, arbitrary: fc.constantFrom("nested" as const, "null" as const) },
    ),
    at: fc.nat(),
  });
}

/** The elements of a vector spec as GraphQL source items. */
export function vectorItems(v: VectorSpec): string[] {
  const items = numbers(v.seed, v.length).map(formatFloat);
  if (v.poison !== "none") {
    const poison =
      { "1e999": "1e999", "-1e999": "-1e999", string: '"x"', nested: "[0.1]", null: "null" }[
        v.poison
      ];
    const at = items.length ? v.at % items.length : 0;
    items.splice(at, items.length ? 1 : 0, poison);
  }
  return items;
}

/** A vector as a literal. */
export const vectorLit = (v: VectorSpec): Value => raw(`[${vectorItems(v).join(", ")}]`);

/** The JSON value of a vector spec for a variable (poisons as JSON can carry them). */
export function vectorJson(v: VectorSpec): unknown[] {
  return vectorItems(v).map((s) =>
    s === "1e999" ? JSON_INFINITY : s === "-1e999" ? `-${JSON_INFINITY}` : JSON.parse(s)
  );
}

const LIKE_UNITS = ["*", "?", "*", "?", "a", "b", "0", "-", "4", "%", ".", "(", "[", "+", "\\"];

/** `Like` patterns: mostly wildcards (the backtracking trap), at most 17 characters. */
export const likePattern: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(fc.constantFrom(...LIKE_UNITS), { maxLength: 14 }).map((a) => a.join("")),
  },
  // Up to 8 "*?" pairs: ~17 s on `id` with a backtracking regex, microseconds when linear.
  { weight: 2, arbitrary: fc.nat(8).map((n) => "*?".repeat(n) + "x") },
  { weight: 2, arbitrary: word.map((w) => `${w.slice(0, 3)}*`) },
);
