/**
 * Object positions in ascending id order (the unfiltered list and the cursor walk ids, as
 * Weaviate walks its objects bucket by uuid). Ids are lower-case canonical UUIDs, whose string
 * order is the numeric order of their hex digits, so the positions are sorted as numbers: the
 * first 8 hex digits and the position packed into one float64 (exact below 2^53), sorted by the
 * typed-array sort, then runs that share those digits (rare) ordered by the whole id.
 * @module
 */

/** Objects with an id (lower-case canonical UUID). */
export interface HasId {
  readonly id: string;
}

/** The positions of `objects` ordered by id, ascending (`<` on the strings). */
export function positionsById(objects: readonly HasId[]): number[] {
  const n = objects.length;
  // Position bits, and how far the 32-bit id prefix is shifted so both fit in 53 bits.
  const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const shift = Math.max(0, bits - 21);
  const scale = 2 ** bits;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = prefix(objects[i].id);
    // Not a lower-case hex prefix: the numbers would not follow the string order.
    if (p < 0) return sortedByComparison(objects);
    packed[i] = Math.floor(p / 2 ** shift) * scale + i;
  }
  packed.sort();
  const out = new Array<number>(n);
  for (let j = 0; j < n;) {
    const key = Math.floor(packed[j] / scale);
    let end = j + 1;
    while (end < n && Math.floor(packed[end] / scale) === key) end++;
    for (let k = j; k < end; k++) out[k] = packed[k] - key * scale;
    if (end - j > 1) {
      const run = out.slice(j, end).sort((a, b) => compareIds(objects[a].id, objects[b].id));
      for (let k = j; k < end; k++) out[k] = run[k - j];
    }
    j = end;
  }
  return out;
}

/** The first 8 characters of `id` as a number when they are lower-case hex digits, else -1. */
function prefix(id: string): number {
  let v = 0;
  for (let k = 0; k < 8; k++) {
    const c = id.charCodeAt(k);
    if (c >= 48 && c <= 57) v = v * 16 + c - 48;
    else if (c >= 97 && c <= 102) v = v * 16 + c - 87;
    else return -1;
  }
  return v;
}

function sortedByComparison(objects: readonly HasId[]): number[] {
  return objects.map((_, i) => i).sort((a, b) => compareIds(objects[a].id, objects[b].id));
}

/** String order of two ids. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
