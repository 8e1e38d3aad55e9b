/**
 * Loading embedded data files: any number of objects (no spread of a large array), JSONL streamed
 * line by line when the runtime can stream, a UTF-8 BOM accepted, and stored vectors outside the
 * float32 range refused with a message naming the object.
 */
import assert from "node:assert/strict";
import { loadObjects } from "../../src/stores/embedded/load.ts";
import { createEmbeddedStore } from "../../src/stores/embedded/store.ts";
import { openFileStream } from "../../src/runtime/deno.ts";
import { collection, plan, prop, signal, uuid } from "./embedded_fixtures.ts";

/** Enough objects to overflow the stack of `push(...array)` (it failed from ~125,000 on). */
const MANY = 300_000;

function records(n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = `{"id":"${uuid(i)}","title":"t${i}"}`;
  return out;
}

const files = (path: string, text: string) => (p: string) =>
  p === path ? Promise.resolve(text) : Promise.reject(new Error(`no ${p}`));

Deno.test("load: a JSON array of 300,000 objects loads (no stack overflow)", async () => {
  const c = collection([prop("title", "text")], { files: ["big.json"] });
  const objects = await loadObjects({
    collection: c,
    readText: files("big.json", `[${records(MANY).join(",")}]`),
    signal,
  });
  assert.equal(objects.length, MANY);
  assert.equal(objects[MANY - 1].id, uuid(MANY - 1));
  assert.equal(objects[MANY - 1].source, `big.json[${MANY - 1}]`);
});

Deno.test("load: a JSONL file of 300,000 objects loads (no stack overflow)", async () => {
  const c = collection([prop("title", "text")], { files: ["big.jsonl"] });
  const objects = await loadObjects({
    collection: c,
    readText: files("big.jsonl", records(MANY).join("\n")),
    signal,
  });
  assert.equal(objects.length, MANY);
  assert.equal(objects[MANY - 1].source, `big.jsonl:${MANY}`);
});

/** A stream of `text`'s UTF-8 bytes in `size`-byte chunks (lines and characters split). */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at += size));
    },
  });
}

Deno.test("load: JSONL is streamed line by line when the runtime can stream", async () => {
  const c = collection([prop("title", "text")], { files: ["s.jsonl"] });
  const text = '\uFEFF{"id":"' + uuid(1) + '","title":"é€😀"}\r\n\n{"id":"' + uuid(2) +
    '","title":"b"}\n';
  for (const size of [1, 3, 7, 1024]) {
    const objects = await loadObjects({
      collection: c,
      readText: () => Promise.reject(new Error("JSONL must not be read whole")),
      readStream: (path) =>
        path === "s.jsonl"
          ? Promise.resolve(chunked(text, size))
          : Promise.reject(new Error(`no ${path}`)),
      signal,
    });
    assert.deepEqual(objects.map((o) => [o.source, o.properties.title]), [
      ["s.jsonl:1", "é€😀"],
      ["s.jsonl:3", "b"],
    ], `chunks of ${size}`);
  }
  await assert.rejects(
    loadObjects({
      collection: c,
      readText: () => Promise.reject(new Error("unused")),
      readStream: () => Promise.resolve(chunked('{"id":"' + uuid(1) + '"}\n{oops\n', 4)),
      signal,
    }),
    /^Error: s\.jsonl:2: invalid JSON: /,
  );
});

Deno.test("load: a JSON array is streamed element by element when the runtime can stream", async () => {
  const c = collection([prop("title", "text")], { files: ["s.json"] });
  const text = `\uFEFF[\r\n {"id":"${uuid(1)}","title":"é,]€😀"},\n {"id":"${uuid(2)}",` +
    '"title":"b\\"}"}\n]\n';
  for (const size of [1, 3, 7, 1024]) {
    const objects = await loadObjects({
      collection: c,
      readText: () => Promise.reject(new Error("a JSON array must not be read whole")),
      readStream: (path) =>
        path === "s.json"
          ? Promise.resolve(chunked(text, size))
          : Promise.reject(new Error(`no ${path}`)),
      signal,
    });
    assert.deepEqual(objects.map((o) => [o.source, o.properties.title]), [
      ["s.json[0]", "é,]€😀"],
      ["s.json[1]", 'b"}'],
    ], `chunks of ${size}`);
  }
});

Deno.test("load: a broken JSON array names the record or what is wrong with the array", async () => {
  const c = collection([prop("title", "text")], { files: ["b.json"] });
  const load = (text: string) =>
    loadObjects({
      collection: c,
      readText: files("b.json", text),
      readStream: () => Promise.resolve(chunked(text, 5)),
      signal,
    });
  const ok = `{"id":"${uuid(1)}"}`;
  await assert.rejects(load(`[${ok}, {oops}]`), /^Error: b\.json\[1\]: invalid JSON: /);
  await assert.rejects(
    load(`[${ok},`),
    /^Error: b\.json: invalid JSON: unexpected end of the array$/,
  );
  await assert.rejects(
    load(`[${ok},,${ok}]`),
    /^Error: b\.json: invalid JSON: empty array element$/,
  );
  await assert.rejects(load(`[${ok}] [${ok}]`), /^Error: b\.json: invalid JSON: unexpected text/);
  // Not an array: the same texts as parsing the whole file gave.
  await assert.rejects(load("{not json"), /^Error: b\.json: invalid JSON: /);
  await assert.rejects(load(ok), /^Error: b\.json: expected a JSON array of objects$/);
});

Deno.test("load: a UTF-8 BOM is accepted in JSON and JSONL files", async () => {
  for (
    const [path, text] of [
      ["bom.json", `\uFEFF[{"id":"${uuid(1)}","title":"a"}]`],
      ["bom.jsonl", `\uFEFF{"id":"${uuid(1)}","title":"a"}\n`],
    ]
  ) {
    const c = collection([prop("title", "text")], { files: [path] });
    const objects = await loadObjects({ collection: c, readText: files(path, text), signal });
    assert.equal(objects.length, 1, path);
    assert.equal(objects[0].properties.title, "a");
  }
});

Deno.test("load: a stored vector outside the float32 range is refused, naming the object", async () => {
  for (const metric of ["cosine", "l2-squared", "dot"] as const) {
    const c = collection([prop("title", "text")], { files: ["v.json"], metric });
    const text = JSON.stringify([
      { id: uuid(1), title: "ok", vector: [3.4e38, -3.4e38] },
      { id: uuid(2), title: "big", vector: [1, 1e39] },
    ]);
    await assert.rejects(
      createEmbeddedStore({ collection: c, readText: files("v.json", text), signal }),
      (err: Error) => {
        assert.equal(
          err.message,
          `v.json[1]: object ${uuid(2)}: field "vector" element 1 is 1e+39, outside the float32 ` +
            "range (about ±3.4e38)",
        );
        return true;
      },
      metric,
    );
  }
  // At the edge is fine, and searchable.
  const c = collection([prop("title", "text")], { files: ["v.json"], metric: "l2-squared" });
  const s = await createEmbeddedStore({
    collection: c,
    readText: files("v.json", JSON.stringify([{ id: uuid(1), vector: [3.4e38, 0] }])),
    signal,
  });
  const hits = await s.retrieve(
    plan({ kind: "nearVector", vector: [0, 0] } as never, { additional: new Set(["distance"]) }),
    { signal },
  );
  assert.equal(hits.length, 1);
});

Deno.test("load: the Deno runtime streams a large JSONL file from disk into a store (BOM, CRLF)", async () => {
  // Above the old ~125,000 limit, through the whole store build (bm25 included).
  const many = 130_000;
  const dir = await Deno.makeTempDir({ prefix: "load-" });
  const path = `${dir}/big.jsonl`;
  try {
    await Deno.writeTextFile(path, "\uFEFF" + records(many).join("\r\n") + "\r\n");
    const c = collection([prop("title", "text")], { files: [path] });
    const s = await createEmbeddedStore({
      collection: c,
      readText: () => Promise.reject(new Error("JSONL must not be read whole")),
      readStream: openFileStream,
      signal,
    });
    assert.equal(s.size, many);
    assert.equal(s.get(uuid(many - 1))?.properties.title, `t${many - 1}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
