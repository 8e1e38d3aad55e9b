/**
 * Qdrant filter semantics (v1.19) for the fake: `must` / `should` / `must_not`, `match.value`
 * (exact keyword, any array element), `match.any`, `match.text` (every word present,
 * case-insensitive), `range` (numbers or RFC3339 datetimes), `is_empty`, `has_id`, `geo_radius`.
 * @module
 */

// deno-lint-ignore no-explicit-any
type J = Record<string, any>;

/** Does the point match the filter / condition? */
export function matches(f: J, id: string, payload: J): boolean {
  if ("must" in f || "should" in f || "must_not" in f) {
    const must = (f.must ?? []).every((c: J) => matches(c, id, payload));
    const should = !f.should?.length || f.should.some((c: J) => matches(c, id, payload));
    const not = (f.must_not ?? []).every((c: J) => !matches(c, id, payload));
    return must && should && not;
  }
  if (f.has_id) return f.has_id.includes(id);
  if (f.is_empty) {
    const v = payload[f.is_empty.key];
    return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  }
  const raw = payload[f.key];
  const values: unknown[] = raw === undefined || raw === null
    ? []
    : Array.isArray(raw)
    ? raw
    : [raw];
  if (f.match) {
    const m = f.match;
    if ("value" in m) return values.some((v) => v === m.value);
    if ("any" in m) return values.some((v) => m.any.includes(v));
    if ("text" in m) {
      const words = String(m.text).toLowerCase().split(/\W+/).filter(Boolean);
      return values.some((v) => {
        const have = new Set(String(v).toLowerCase().split(/\W+/));
        return words.every((w) => have.has(w));
      });
    }
  }
  if (f.range) {
    const r = f.range;
    const num = (x: unknown) => (typeof x === "string" ? Date.parse(x) : Number(x));
    return values.some((v) => {
      const x = num(v);
      return (r.gt === undefined || x > num(r.gt)) && (r.gte === undefined || x >= num(r.gte)) &&
        (r.lt === undefined || x < num(r.lt)) && (r.lte === undefined || x <= num(r.lte));
    });
  }
  if (f.geo_radius) return false;
  throw new Error(`fake qdrant: unsupported condition ${JSON.stringify(f)}`);
}
