/**
 * `deno task import` (src/cli/import.ts, src/cli/csv.ts): JSON, JSONL and CSV into an embedded
 * store file, vectors by the configured vectorizer, no overwrite without --force, resume after an
 * interruption; and the written file served by a real gateway.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseCsv } from "../../src/cli/csv.ts";
import {
  formatImportProgress,
  importData,
  ImportError,
  type ImportOptions,
} from "../../src/cli/import.ts";
import { createApp } from "../../src/http/app.ts";
import { buildServices, createVectorizer } from "../../src/pipeline/build_services.ts";
import { loadConfig } from "../../src/pipeline/catalog.ts";
import { readTextFile } from "../../src/runtime/deno.ts";
import { denoRuntime } from "../../src/runtime/deno_runtime.ts";
import { objectText } from "../../src/stores/embedded/vector_index.ts";
import type { StoredObject } from "../../src/stores/embedded/load.ts";
import { gql } from "../helpers/harness.ts";

const CONFIG = {
  collections: [{
    class: "Article",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "body", dataType: ["text"] },
      { name: "views", dataType: ["int"] },
      { name: "tags", dataType: ["text[]"] },
    ],
    vectorizer: "text2vec-hash",
    moduleConfig: { "text2vec-hash": {}, "reranker-dummy": {} },
    store: { kind: "embedded", files: ["articles.jsonl"] },
  }],
};

const CSV = "id,title,body,views,tags\r\n" +
  ',Lava flows,"Basalt, hot and ""runny""",12,geology|volcano\r\n' +
  "c0000000-0000-0000-0000-000000000002,Ice cores,Layers of old air,7,\r\n";
const JSONL = '{"title":"Tides","body":"The moon pulls","views":3}\n\n' +
  '{"title":"Dunes","body":"Sand moves","tags":["desert"],"vector":[0.5,0.5]}\n';

async function workspace(config: unknown = CONFIG) {
  const dir = await Deno.makeTempDir({ prefix: "import_test_" });
  await Deno.writeTextFile(join(dir, "gw.json"), JSON.stringify(config));
  await Deno.writeTextFile(join(dir, "in.csv"), CSV);
  await Deno.writeTextFile(join(dir, "more.jsonl"), JSONL);
  const gatewayConfig = await loadConfig({
    path: join(dir, "gw.json"),
    readText: readTextFile,
    signal: new AbortController().signal,
  });
  const lines: string[] = [];
  const base: ImportOptions = {
    config: gatewayConfig,
    className: "Article",
    inputs: [join(dir, "in.csv"), join(dir, "more.jsonl")],
    runtime: denoRuntime(),
    write: (t) => lines.push(t),
    signal: new AbortController().signal,
  };
  return { dir, base, lines, target: join(dir, "articles.jsonl") };
}

Deno.test("csv: quotes, doubled quotes, CRLF, line breaks in quotes, field counts", () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, ""y""","1\n2"\r\n\r\nz,\n', "t.csv"), [
    { line: 2, fields: { a: 'x, "y"', b: "1\n2" } },
    { line: 5, fields: { a: "z", b: "" } },
  ]);
  assert.throws(() => parseCsv("a,b\n1\n", "t.csv"), /t\.csv:2: 1 field\(s\), the header has 2/);
  assert.throws(() => parseCsv('a\n"open\n', "t.csv"), /t\.csv:2: unterminated quoted field/);
});

Deno.test("import: CSV and JSONL into JSONL with the vectorizer's vectors, ids kept or derived", async () => {
  const { dir, base, target } = await workspace();
  const report = await importData(base);
  assert.deepEqual({ ...report, target: undefined }, {
    target: undefined,
    records: 4,
    vectorized: 3,
    resumed: 0,
  });
  const rows = (await Deno.readTextFile(target)).trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(rows.map((r) => [r.title, r.views, r.tags]), [
    ["Lava flows", 12, ["geology", "volcano"]],
    ["Ice cores", 7, undefined],
    ["Tides", 3, undefined],
    ["Dunes", undefined, ["desert"]],
  ]);
  assert.equal(rows[0].body, 'Basalt, hot and "runny"');
  assert.equal(rows[1].id, "c0000000-0000-0000-0000-000000000002");
  assert.match(rows[0].id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(rows[3].vector, [0.5, 0.5], "a given vector is kept");
  const c = base.config.collections[0];
  const hash = createVectorizer(base.config, c, base.runtime)!;
  const [expected] = await hash.vectorize(
    [objectText(c, { properties: rows[0] } as unknown as StoredObject)],
    { signal: new AbortController().signal, purpose: "document" },
  );
  assert.deepEqual(rows[0].vector, expected, "the configured vectorizer computed it");
  // A second run derives the same ids (they do not depend on the run).
  await importData({ ...base, force: true });
  const again = (await Deno.readTextFile(target)).trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(again.map((r) => r.id), rows.map((r) => r.id));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("import: the written file is served by the gateway", async () => {
  const { dir, base } = await workspace();
  await importData({ ...base, inputs: [join(dir, "in.csv")] });
  const config = await loadConfig({
    path: join(dir, "gw.json"),
    readText: readTextFile,
    signal: new AbortController().signal,
  });
  const logs: string[] = [];
  const services = await buildServices(config, {
    runtime: { ...denoRuntime(), log: (l) => logs.push(l) },
  });
  const res = await gql(
    createApp(services),
    '{Get{Article(bm25:{query:"basalt"}){title views tags _additional{rerank(property:"title"){score}}}}}',
  );
  assert.equal(
    res.text,
    '{"data":{"Get":{"Article":[{"_additional":{"rerank":[{"score":10}]},"tags":["geology",' +
      '"volcano"],"title":"Lava flows","views":12}]}}}\n',
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("import: refuses to overwrite without --force", async () => {
  const { dir, base, target } = await workspace();
  await Deno.writeTextFile(target, "keep\n");
  await assert.rejects(
    () => importData(base),
    (err) =>
      err instanceof ImportError &&
      /articles\.jsonl exists: pass --force to overwrite it/.test(err.message),
  );
  assert.equal(await Deno.readTextFile(target), "keep\n");
  await importData({ ...base, force: true });
  assert.notEqual(await Deno.readTextFile(target), "keep\n");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("import: an interrupted run resumes after its last whole record", async () => {
  const { dir, base, target, lines } = await workspace();
  const fresh = await workspace();
  await importData({ ...fresh.base, batchSize: 1 });
  const expected = await Deno.readTextFile(fresh.target);
  await assert.rejects(
    () =>
      importData({
        ...base,
        batchSize: 1,
        afterBatch: (done) => {
          if (done === 2) throw new Error("killed");
        },
      }),
    /killed/,
  );
  await assert.rejects(() => Deno.stat(target), Deno.errors.NotFound);
  // A torn last line (the process died while writing) is dropped.
  await Deno.writeTextFile(`${target}.partial`, '{"id":"to', { append: true });
  const report = await importData({ ...base, batchSize: 1 });
  assert.equal(report.resumed, 2);
  assert.equal(report.vectorized, 1, "only the records left were vectorized");
  assert.ok(lines.some((l) => l.startsWith("resuming after 2 of 4 records")));
  assert.equal(await Deno.readTextFile(target), expected);
  await assert.rejects(() => Deno.stat(`${target}.partial`), Deno.errors.NotFound);
  // Changed inputs do not resume: the partial file is discarded.
  await assert.rejects(
    () =>
      importData({
        ...base,
        force: true,
        batchSize: 1,
        afterBatch: () => {
          throw new Error("killed");
        },
      }),
    /killed/,
  );
  await Deno.writeTextFile(join(dir, "in.csv"), CSV.replace("Ice cores", "Ice caps"));
  const changed = await importData({ ...base, force: true });
  assert.equal(changed.resumed, 0);
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(fresh.dir, { recursive: true });
});

Deno.test("import: a JSON target is written as a JSON array; bad records name file and line", async () => {
  const config = structuredClone(CONFIG);
  config.collections[0].store.files = ["articles.json"];
  const { dir, base } = await workspace(config);
  await importData({ ...base, inputs: [join(dir, "more.jsonl")] });
  const rows = JSON.parse(await Deno.readTextFile(join(dir, "articles.json")));
  assert.deepEqual(rows.map((r: { title: string }) => r.title), ["Tides", "Dunes"]);
  await Deno.writeTextFile(join(dir, "bad.csv"), "title,views\nok,1\nbad,many\n");
  await assert.rejects(
    () => importData({ ...base, force: true, inputs: [join(dir, "bad.csv")] }),
    /bad\.csv:3: property "views": expected int, got "many"/,
  );
  await Deno.writeTextFile(join(dir, "bad.jsonl"), '{"views":1.5}\n');
  await assert.rejects(
    () => importData({ ...base, force: true, inputs: [join(dir, "bad.jsonl")] }),
    /bad\.jsonl:1: property "views": expected int \(an integer\), got 1\.5/,
  );
  await assert.rejects(
    () => importData({ ...base, className: "Nope" }),
    /no class Nope in the config \(Article\)/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("import: progress line with rate and ETA", () => {
  assert.equal(
    formatImportProgress("Article", 250, 1000, 50, 10),
    "importing Article [###-------] 250/1000 25% 50.0 rec/s ETA 15s",
  );
  assert.equal(
    formatImportProgress("Article", 0, 7200, 1, 4),
    "importing Article [----] 0/7200 0% 1.0 rec/s ETA 2h0m",
  );
  assert.equal(formatImportProgress("A", 0, 10, 0, 2), "importing A [--] 0/10 0% 0.0 rec/s ETA ?");
});

Deno.test("import CLI: exit codes 0, 1 and 2; paths relative to the caller's folder", async () => {
  const { dir } = await workspace();
  const run = async (...args: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-net",
        "--allow-read",
        "--allow-env",
        "--allow-write",
        new URL("../../src/cli/import.ts", import.meta.url).pathname,
        ...args,
      ],
      cwd: new URL("../..", import.meta.url).pathname,
      env: { INIT_CWD: dir, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  };
  const ok = await run("--config", "gw.json", "--class", "Article", "in.csv", "more.jsonl");
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, "imported 4 records into articles.jsonl (3 vectorized)\n");
  assert.match(ok.stderr, /^importing Article \[#+\] 4\/4 100% [\d.]+ rec\/s ETA 0s\n$/);
  const again = await run("--config", "gw.json", "--class", "Article", "in.csv");
  assert.equal(again.code, 1);
  assert.equal(again.stderr, "error: articles.jsonl exists: pass --force to overwrite it\n");
  const usage = await run("--class", "Article");
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^usage: deno task import --config FILE --class CLASS/);
  await Deno.remove(dir, { recursive: true });
});
