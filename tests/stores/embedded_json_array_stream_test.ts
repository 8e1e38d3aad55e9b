import assert from "node:assert/strict";
import fc from "npm:fast-check@4.11.0";
import { jsonArrayElements, JsonArrayError } from "../../src/stores/embedded/json_array_stream.ts";

async function elements(chunks: Iterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of jsonArrayElements(chunks)) out.push(e);
  return out;
}

/** `text` cut at the given (sorted, deduplicated) offsets. */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((x) => x % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const p of points) {
    parts.push(text.slice(from, p));
    from = p;
  }
  parts.push(text.slice(from));
  return parts;
}

Deno.test("jsonArrayElements: any array, any whitespace, any chunking parses to the same values", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }),
      fc.constantFrom("", " ", "\n", " \r\n\t "),
      fc.array(fc.nat(), { maxLength: 12 }),
      async (values, space, at) => {
        const text = space + "[" + space +
          values.map((v) => JSON.stringify(v, null, space ? 1 : undefined)).join(
            space + "," + space,
          ) +
          space + "]" + space;
        const got = (await elements(cut(text, at))).map((e) => JSON.parse(e));
        assert.deepEqual(got, JSON.parse(JSON.stringify(values)));
      },
    ),
    { numRuns: 300, seed: 7 },
  );
});

Deno.test("jsonArrayElements: brackets, commas and escapes inside strings are not structure", async () => {
  const values = [{ s: '],[{"' }, { s: 'a\\"b,]' }, ["[", "]", { "}": "{" }], "\\"];
  const text = JSON.stringify(values);
  for (let split = 0; split <= text.length; split++) {
    const got = await elements([text.slice(0, split), text.slice(split)]);
    assert.deepEqual(got.map((e) => JSON.parse(e)), values, `split at ${split}`);
  }
});

Deno.test("jsonArrayElements: an empty array has no elements", async () => {
  assert.deepEqual(await elements(["[", " ", "]\n"]), []);
});

Deno.test("jsonArrayElements: structural errors name what is wrong", async () => {
  const cases: [string[], string][] = [
    [['{"a":1}'], "not an array"],
    [[""], "not an array"],
    [["  "], "not an array"],
    [["[1,", "2"], "unexpected end of the array"],
    [['[{"a":"]'], "unexpected end of the array"],
    [["[1,,2]"], "empty array element"],
    [["[1,]"], "empty array element"],
    [["[,1]"], "empty array element"],
    [["[1] x"], "unexpected text after the array"],
    [["[1]", "[2]"], "unexpected text after the array"],
  ];
  for (const [chunks, message] of cases) {
    await assert.rejects(elements(chunks), (err: unknown) => {
      assert.ok(err instanceof JsonArrayError, String(err));
      assert.equal(err.message, message, JSON.stringify(chunks));
      return true;
    });
  }
});

Deno.test("jsonArrayElements: a malformed element is passed through for JSON.parse to reject", async () => {
  const got = await elements(["[1 2, {oops}]"]);
  assert.deepEqual(got, ["1 2", "{oops}"]);
  assert.throws(() => JSON.parse(got[1]), SyntaxError);
});
