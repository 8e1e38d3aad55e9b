/**
 * Number formatting exactly as Weaviate's Go server prints it: `encoding/json` for float64 and
 * float32 values, and `fmt`'s `%v` for the float32 bm25/hybrid `score` strings.
 * @module
 */

/** The largest finite float32 (vectors and distances are float32, as in Weaviate). */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** A float32 value (distance, vector element) that must print with float32 precision. */
export class Float32Value {
  /** The value, already rounded to float32. */
  readonly value: number;
  constructor(value: number) {
    this.value = Math.fround(value);
  }
  /** Lets graphql-js and comparisons treat the box as its number. */
  valueOf(): number {
    return this.value;
  }
}

/**
 * Shortest decimal digits that round-trip through float32, as a float64-exact number. Found by
 * bisecting the precision 1..9 (every p-digit decimal is also a (p+1)-digit one, so once a
 * precision round-trips every larger one does): ~3 `toPrecision` calls instead of up to 9.
 */
function shortestFloat32(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return f;
  let lo = 1;
  let hi = 9; // 9 significant digits always round-trip a float32
  let best = Number(f.toPrecision(9));
  while (lo < hi) {
    const p = (lo + hi) >> 1;
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) {
      best = candidate;
      hi = p;
    } else lo = p + 1;
  }
  return best;
}

/** Go's `encoding/json` float formatting: JS's shortest form matches it except the exponent's padding. */
function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`json: unsupported value: ${n}`);
  if (Object.is(n, -0)) return "-0";
  // JS switches to exponent form at the same thresholds (1e-6, 1e21) as Go's encoder.
  return String(n);
}

/** Formats a float64 the way Go's `encoding/json` does. */
export function formatFloat64(n: number): string {
  return goJsonNumber(n);
}

/** Formats a float32 the way Go's `encoding/json` does (shortest float32 round-trip digits). */
export function formatFloat32(n: number): string {
  return goJsonNumber(shortestFloat32(n));
}

/**
 * `fmt.Sprintf("%v", float32(x))`: shortest float32 digits, `%e` form when the decimal exponent
 * is < -4 or >= 6 (strconv's `%g` with shortest precision decides with precision 6), with at
 * least two exponent digits (`1e-05`, `1.234567e+06`).
 */
export function formatFloat32Go(n: number): string {
  return formatGoG(shortestFloat32(n));
}

/** `fmt.Sprintf("%v", x)` of a float64: as {@link formatFloat32Go}, with float64 digits. */
export function formatFloat64Go(n: number): string {
  return formatGoG(n);
}

/**
 * `fmt.Sprintf("%v", v)` of a value decoded from JSON into `interface{}` (Weaviate prints such
 * values in its texts): `<nil>`, strings as they are, numbers as float64, `[a b]` for arrays and
 * `map[k:v]` with sorted keys for objects.
 */
export function formatGoValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "number") return formatFloat64Go(v);
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return "[" + v.map(formatGoValue).join(" ") + "]";
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return "map[" + keys.map((k) => `${k}:${formatGoValue(o[k])}`).join(" ") + "]";
}

/** strconv's shortest `%g`: `%e` form when the decimal exponent is < -4 or >= 6. */
function formatGoG(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : v < 0 ? "-Inf" : "NaN";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const [digits, e] = v.toExponential().split("e"); // shortest mantissa digits of v
  const decExp = Number(e);
  if (decExp < -4 || decExp >= 6) {
    const sign = decExp < 0 ? "-" : "+";
    const abs = Math.abs(decExp);
    return `${digits}e${sign}${abs < 10 ? "0" + abs : abs}`;
  }
  // Plain notation; JS uses exponent form below 1e-6, so build it by hand there.
  return String(v);
}
