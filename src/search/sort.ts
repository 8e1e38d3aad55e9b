/**
 * Weaviate's `sort` comparator (`adapters/repos/db/sorter/basic_comparators.go` semantics):
 *
 * - missing/`null` is the smallest value: first in `asc`, last in `desc`;
 * - strings compare case-insensitively (lower-cased, code-unit order);
 * - numbers numerically, dates as instants, booleans `false < true`;
 * - arrays element by element, then the shorter first; geoCoordinates as `[latitude, longitude]`;
 * - paths `id`/`_id`, `_creationTimeUnix`, `_lastUpdateTimeUnix` address metadata.
 *
 * Later specs break ties of earlier ones; complete ties return 0 so a stable sort keeps the input
 * order.
 * @module
 */
import type { DataType, PropertyConfig } from "../config/types.ts";
import type { SortSpec } from "../core/plan.ts";
import type { FilterTarget } from "./filter.ts";

/** Compares two objects; negative when `a` sorts first. */
export type SortComparator = (a: FilterTarget, b: FilterTarget) => number;

type Scalar = string | number | boolean;
type Key = Scalar | Scalar[] | undefined;

/**
 * Builds the comparator for `specs`. Unknown properties are an error like Weaviate's
 * (`no such prop with name 'x' found in class 'C' in the schema`).
 */
export function compareBySort(
  specs: readonly SortSpec[],
  schema: { readonly className: string; readonly properties: readonly PropertyConfig[] },
): SortComparator {
  const keys = specs.map((spec) => {
    const name = spec.path[0];
    if (spec.path.length !== 1 || !name) {
      throw new Error(`sort path [${spec.path.join(", ")}]: only one property name is supported`);
    }
    const sign = spec.order === "desc" ? -1 : 1;
    const extract = extractor(name, schema);
    return { sign, extract };
  });
  return (a, b) => {
    for (const { sign, extract } of keys) {
      const c = compareKeys(extract(a), extract(b));
      if (c !== 0) return sign * c;
    }
    return 0;
  };
}

function extractor(
  name: string,
  schema: { readonly className: string; readonly properties: readonly PropertyConfig[] },
): (t: FilterTarget) => Key {
  if (name === "id" || name === "_id") return (t) => t.id.toLowerCase();
  if (name === "_creationTimeUnix") return (t) => t.creationTimeUnix;
  if (name === "_lastUpdateTimeUnix") return (t) => t.lastUpdateTimeUnix;
  const prop = schema.properties.find((p) => p.name === name);
  if (!prop) {
    throw new Error(
      `no such prop with name '${name}' found in class '${schema.className}' in the schema. ` +
        `Check your schema files for which properties in this class are available`,
    );
  }
  const type: DataType = prop.dataType[0];
  return (t) => toKey(t.properties[name], type);
}

function toKey(v: unknown, type: DataType): Key {
  if (v === undefined || v === null) return undefined;
  if (type === "geoCoordinates") {
    const g = v as { latitude?: unknown; longitude?: unknown };
    return [Number(g.latitude), Number(g.longitude)];
  }
  const scalar = (x: unknown): Scalar => {
    if (type.startsWith("date") && typeof x === "string") return Date.parse(x);
    if (typeof x === "string") return x.toLowerCase();
    if (typeof x === "number" || typeof x === "boolean") return x;
    return String(x);
  };
  return Array.isArray(v) ? v.map(scalar) : scalar(v);
}

function compareKeys(a: Key, b: Key): number {
  if (a === undefined || b === undefined) {
    return a === b ? 0 : a === undefined ? -1 : 1;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    const aa = Array.isArray(a) ? a : [a];
    const bb = Array.isArray(b) ? b : [b];
    for (let i = 0; i < aa.length && i < bb.length; i++) {
      const c = compareScalars(aa[i], bb[i]);
      if (c !== 0) return c;
    }
    return aa.length - bb.length;
  }
  return compareScalars(a, b);
}

function compareScalars(a: Scalar, b: Scalar): number {
  if (a === b) return 0;
  if (typeof a !== typeof b) return String(a) < String(b) ? -1 : 1;
  return a < b ? -1 : 1;
}
