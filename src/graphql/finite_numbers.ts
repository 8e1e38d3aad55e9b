/**
 * Checks for the numbers a client puts into a search. GraphQL literals such as `1e999` parse to
 * `Infinity`, which no distance can use and Go's JSON encoding (so Weaviate's answer) cannot
 * carry; vector components must also fit the float32 vectors are stored and compared in. Each
 * failure is a {@link QueryError}: that class answers `null` with the message, its siblings and
 * the rest of a batch are answered as usual.
 * @module
 */
import { FLOAT32_MAX } from "../core/go_format.ts";
import { queryError } from "../errors/query_errors.ts";

/** Throws unless `value` is finite (`undefined` / `null` pass: the argument is absent). */
export function requireFinite(value: unknown, search: string, name: string): void {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw queryError("not_finite", search, name, value);
  }
}

/** Throws unless every component of `vector` is a finite number in the float32 range. */
export function requireFiniteVector(
  vector: readonly unknown[],
  search: string,
  name = "vector",
): void {
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i];
    if (typeof x !== "number") continue; // Shape errors are reported by the search itself.
    if (!Number.isFinite(x)) {
      throw queryError("not_finite", search, `${name}[${i}]`, x);
    }
    if (Math.abs(x) > FLOAT32_MAX) {
      throw queryError("outside_float32", search, `${name}[${i}]`, x);
    }
  }
}
