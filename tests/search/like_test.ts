/** `Like` patterns: Weaviate's `*` / `?` wildcards, matched in linear time (issue 11, item 3). */
import assert from "node:assert/strict";
import { compileLike } from "../../src/search/like.ts";

Deno.test("like: * matches any run, ? exactly one character, the rest literally", () => {
  assert.ok(compileLike("").test(""));
  assert.ok(!compileLike("").test("a"));
  assert.ok(compileLike("*").test(""));
  assert.ok(compileLike("*").test("anything\nat all"));
  assert.ok(compileLike("a*").test("a"));
  assert.ok(compileLike("a*c").test("abbbc"));
  assert.ok(!compileLike("a*c").test("abbbd"));
  assert.ok(compileLike("?b?").test("abc"));
  assert.ok(!compileLike("?b?").test("abcd"));
  assert.ok(!compileLike("?").test(""));
  assert.ok(compileLike("*a*b*").test("xxaxxbxx"));
  assert.ok(!compileLike("*a*b*").test("xxbxxaxx"));
  assert.ok(compileLike("a.b+(c)[d]$^|\\").test("a.b+(c)[d]$^|\\"));
  assert.ok(!compileLike("a.b").test("axb"));
  // Case is kept: callers lower-case where Weaviate's tokenization does.
  assert.ok(!compileLike("ABC").test("abc"));
});

Deno.test("like: ? is one code point, also outside the BMP", () => {
  assert.ok(compileLike("a?c").test("a😀c"));
  assert.ok(compileLike("😀*").test("😀x"));
  assert.ok(!compileLike("a??c").test("a😀c"));
});

Deno.test("like: a backtracking-bomb pattern on id finishes (before: minutes of CPU)", async () => {
  // `*?` repeated: a backtracking RegExp multiplied its work by ~3.5 per pair (19 chars: 17.5 s).
  const pattern = "*?".repeat(13) + "x";
  const ids = Array.from(
    { length: 20 },
    (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
  );
  ids.push("00000000-0000-0000-0000-00000000000x");
  const worker = new Worker(new URL("./fixtures/like_worker.ts", import.meta.url).href, {
    type: "module",
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = await new Promise<{ matches: string[] } | "timeout">((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(e.message));
      };
      // Generous: the linear matcher needs well under a millisecond here.
      timer = setTimeout(() => resolve("timeout"), 10_000);
      worker.postMessage({ pattern, ids });
    });
    assert.notEqual(result, "timeout", "Like pattern did not finish within 10 s");
    assert.deepEqual(result, { matches: ["00000000-0000-0000-0000-00000000000x"] });
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
});
