/**
 * Evaluates a {@link VectorizeFilter} against one vector's metadata, with Vectorize's documented
 * semantics: keys are ANDed, strings are indexed on their first 64 bytes, a missing or null field
 * matches only `$ne` / `$nin`. Used for id-restricted searches (which run in the gateway) and by
 * the in-memory fake binding of the tests.
 * @module
 */
import { VECTORIZE_LIMITS, type VectorizeFilter, type VectorizeMetadataValue } from "./binding.ts";

type Scalar = string | number | boolean;

/** The first 64 bytes of a string (cut on a UTF-8 character boundary), as Vectorize indexes it. */
export function indexedString(s: string): string {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length <= VECTORIZE_LIMITS.stringIndexBytes) return s;
  let end = VECTORIZE_LIMITS.stringIndexBytes;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

function norm(v: Scalar): Scalar {
  return typeof v === "string" ? indexedString(v) : v;
}

function cmp(a: Scalar, b: Scalar): number | undefined {
  if (typeof a !== typeof b) return undefined;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `metadata` satisfies every condition of `filter`. */
export function matchesFilter(
  metadata: Readonly<Record<string, VectorizeMetadataValue>> | undefined,
  filter: VectorizeFilter | undefined,
): boolean {
  if (!filter) return true;
  for (const [key, ops] of Object.entries(filter)) {
    const raw = metadata?.[key];
    const v = raw === null || raw === undefined || Array.isArray(raw) ? undefined : norm(raw);
    for (const [op, want] of Object.entries(ops)) {
      if (!matchOne(v, op, want)) return false;
    }
  }
  return true;
}

function matchOne(v: Scalar | undefined, op: string, want: unknown): boolean {
  if (op === "$in" || op === "$nin") {
    const list = (want as Scalar[]).map(norm);
    const found = v !== undefined && list.some((w) => w === v);
    return op === "$in" ? found : !found;
  }
  const w = norm(want as Scalar);
  if (op === "$ne") return v === undefined || v !== w;
  if (v === undefined) return false;
  const c = cmp(v, w);
  switch (op) {
    case "$eq":
      return c === 0;
    case "$lt":
      return c !== undefined && c < 0;
    case "$lte":
      return c !== undefined && c <= 0;
    case "$gt":
      return c !== undefined && c > 0;
    case "$gte":
      return c !== undefined && c >= 0;
    default:
      throw new Error(`unsupported Vectorize filter operator ${op}`);
  }
}
