import assert from "node:assert/strict";
import { compareIds, positionsById } from "../../src/stores/embedded/id_order.ts";
import { generatedIdSync } from "../../src/stores/embedded/uuid.ts";

const bySort = (ids: readonly string[]) =>
  ids.map((_, i) => i).sort((a, b) => compareIds(ids[a], ids[b]));
const objects = (ids: readonly string[]) => ids.map((id) => ({ id }));

Deno.test("id order: positions by id equal a comparison sort of the id strings", () => {
  const ids = Array.from({ length: 5000 }, (_, i) => generatedIdSync("Doc", i));
  assert.deepEqual(positionsById(objects(ids)), bySort(ids));
});

Deno.test("id order: ids sharing their first 8 hex digits are ordered by the rest", () => {
  const ids = [
    "ffffffff-0000-4000-8000-000000000002",
    "00000000-0000-4000-8000-00000000000b",
    "ffffffff-0000-4000-8000-000000000001",
    "00000000-0000-4000-8000-00000000000a",
    "00000000-0000-4000-8000-000000000009",
    "7fffffff-ffff-4fff-bfff-ffffffffffff",
  ];
  assert.deepEqual(positionsById(objects(ids)), [4, 3, 1, 5, 2, 0]);
  assert.deepEqual(positionsById([]), []);
});

Deno.test("id order: ids that are not lower-case hex fall back to the string order", () => {
  const ids = ["id-3", "id-10", "ABCDEF01-x", "abcdef01-x", "g"];
  assert.deepEqual(positionsById(objects(ids)), bySort(ids));
});
