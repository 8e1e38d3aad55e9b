import assert from "node:assert/strict";
import { sampleDataPath } from "../../src/config/default.ts";

const ROUNDS = new Set(["Jeopardy!", "Double Jeopardy!", "Final Jeopardy!"]);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

async function rows(): Promise<Record<string, unknown>[]> {
  return JSON.parse(await Deno.readTextFile(sampleDataPath()));
}

Deno.test("sample data: at least 55 rows with the six typed fields", async () => {
  const data = await rows();
  assert.ok(Array.isArray(data));
  assert.ok(data.length >= 55, `only ${data.length} rows`);
  for (const [i, row] of data.entries()) {
    assert.deepEqual(
      Object.keys(row).sort(),
      ["airDate", "answer", "category", "question", "round", "value"],
      `row ${i}`,
    );
    for (const key of ["question", "answer", "category"]) {
      assert.equal(typeof row[key], "string", `row ${i}.${key}`);
      assert.ok((row[key] as string).length > 0, `row ${i}.${key} is empty`);
    }
    assert.ok(Number.isInteger(row.value), `row ${i}.value`);
    assert.ok(ROUNDS.has(row.round as string), `row ${i}.round`);
    assert.match(row.airDate as string, RFC3339, `row ${i}.airDate`);
    assert.ok(!Number.isNaN(Date.parse(row.airDate as string)), `row ${i}.airDate`);
    const value = row.value as number;
    if (row.round === "Final Jeopardy!") assert.equal(value, 0, `row ${i}.value`);
    else assert.ok(value >= 200 && value <= 2000 && value % 200 === 0, `row ${i}.value`);
  }
});

Deno.test("sample data: about ten categories and no duplicate clues", async () => {
  const data = await rows();
  const categories = new Set(data.map((r) => r.category));
  assert.ok(categories.size >= 8 && categories.size <= 12, `${categories.size} categories`);
  assert.equal(new Set(data.map((r) => r.question)).size, data.length);
});

Deno.test("sample data: the flying/floating seed query has material", async () => {
  const data = await rows();
  const text = (r: Record<string, unknown>) => `${r.question} ${r.answer}`.toLowerCase();
  const flying = data.filter((r) => /\b(fly|flying|flight|flew)\b/.test(text(r)));
  const floating = data.filter((r) => /\b(float|floats|floating)\b/.test(text(r)));
  assert.ok(flying.length >= 8, `${flying.length} flying rows`);
  assert.ok(floating.length >= 5, `${floating.length} floating rows`);
  assert.ok(data.some((r) => /float/.test(String(r.answer))), "an answer mentions floating");
});
