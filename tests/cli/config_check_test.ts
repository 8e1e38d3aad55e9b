/**
 * `deno task config check FILE` (src/cli/config.ts): the problems the server reports at start-up,
 * without starting it, with exit codes 0 (valid), 1 (problems) and 2 (usage).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { checkConfig } from "../../src/cli/config.ts";
import { ConfigError } from "../../src/config/schema.ts";
import { loadConfig } from "../../src/pipeline/catalog.ts";
import { readTextFile } from "../../src/runtime/deno.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

function collection(extra: Record<string, unknown> = {}) {
  return {
    class: "Article",
    properties: [{ name: "title", dataType: ["text"] }, { name: "views", dataType: ["int"] }],
    moduleConfig: { "reranker-dummy": {} },
    store: { kind: "embedded", files: ["articles.jsonl"] },
    ...extra,
  };
}

async function workspace(config: unknown, data = '{"title":"a","views":1}\n{"title":"b"}\n') {
  const dir = await Deno.makeTempDir({ prefix: "config_check_" });
  await Deno.writeTextFile(join(dir, "gw.json"), JSON.stringify(config));
  await Deno.writeTextFile(join(dir, "articles.jsonl"), data);
  return dir;
}

async function cli(dir: string, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-env", join(ROOT, "src/cli/config.ts"), ...args],
    cwd: ROOT,
    // An empty GATEWAY_CONFIG counts as unset (the usage test must not see the caller's one).
    env: { INIT_CWD: dir, NO_COLOR: "1", GATEWAY_CONFIG: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("config check: a valid config and its data exit 0 with one line per collection", async () => {
  const dir = await workspace({ collections: [collection({ rerank: { window: 20 } })] });
  const res = await cli(dir, "check", "gw.json");
  assert.equal(res.code, 0, res.stderr);
  assert.equal(
    res.stdout,
    "gw.json: ok (1 collection)\n" +
      "  Article: embedded store, 2 objects in articles.jsonl, no vectorizer, reranker " +
      "reranker-dummy, rerank extensions\n",
  );
  assert.equal(res.stderr, "");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("config check: config problems are the server's, every one, exit 1", async () => {
  const bad = {
    collections: [collection({ class: "article", rerank: { window: 0 } })],
    limits: { maxQueryDepht: 3 },
  };
  const dir = await workspace(bad);
  const res = await cli(dir, "check", "gw.json");
  assert.equal(res.code, 1);
  assert.equal(res.stdout, "");
  // The server's start-up message lists the same problems.
  const server = await loadConfig({
    path: join(dir, "gw.json"),
    readText: readTextFile,
    signal: new AbortController().signal,
  }).then(() => undefined, (err) => err as ConfigError);
  assert.ok(server instanceof ConfigError);
  assert.equal(
    res.stderr,
    "invalid gateway config in gw.json (3 problems):\n" +
      '  - collections[0].class: invalid class name "article": must match /^[A-Z][_0-9A-Za-z]*$/ ' +
      '(did you mean "Article"?)\n' +
      "  - collections[0].rerank.window: must be >= 1, got 0\n" +
      '  - limits.maxQueryDepht: unknown key (did you mean "maxQueryDepth"?)\n',
  );
  assert.deepEqual(
    res.stderr.trimEnd().split("\n").slice(1),
    server.problems.map((p) => `  - ${p}`),
  );
  await Deno.writeTextFile(join(dir, "gw.json"), "{");
  const json = await cli(dir, "check", "gw.json");
  assert.equal(json.code, 1);
  assert.match(
    json.stderr,
    /^invalid gateway config in gw\.json \(1 problem\):\n {2}- invalid JSON: /,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("config check: data problems name the collection, file and line, exit 1", async () => {
  const dir = await workspace({ collections: [collection()] }, '{"title":"a"}\n{"views":"x"}\n');
  const res = await cli(dir, "check", "gw.json");
  assert.equal(res.code, 1);
  assert.equal(
    res.stderr,
    "invalid data for gw.json (1 problem):\n" +
      '  - collections[0].store.files: articles.jsonl:2: property "views": expected int (an ' +
      'integer), got "x"\n',
  );
  await Deno.remove(join(dir, "articles.jsonl"));
  const missing = await cli(dir, "check", "gw.json");
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /collections\[0\]\.store\.files: .*articles\.jsonl/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("config check: the start-up warnings, exit 0", async () => {
  const dir = await workspace({
    collections: [collection()],
    authentication: { anonymousAccessEnabled: false, apiKeysEnv: "MY_KEYS" },
  });
  const res = await checkConfig(join(dir, "gw.json"), { env: () => undefined });
  assert.equal(res.code, 0);
  assert.deepEqual(res.err, [
    "warning: anonymous access is disabled but no API key is configured (the env variable " +
    "MY_KEYS (authentication.apiKeysEnv) is unset or empty): every request except the " +
    "/v1/.well-known probes is refused (401)",
  ]);
  const keyed = await checkConfig(join(dir, "gw.json"), { env: () => "k1" });
  assert.deepEqual(keyed.err, []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("config check: usage errors exit 2; the shipped offline config is valid", async () => {
  const usage = await cli(ROOT, "check");
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^usage: deno task config check \[FILE\]/);
  assert.equal((await cli(ROOT, "lint", "x.json")).code, 2);
  const offline = await cli(ROOT, "check", "gateway.offline.json");
  assert.equal(offline.code, 0, offline.stderr);
  assert.equal(
    offline.stdout,
    "gateway.offline.json: ok (1 collection)\n" +
      "  JeopardyQuestion: embedded store, 68 objects in data/trivia_sample.json, vectorizer " +
      "text2vec-hash, reranker reranker-dummy\n",
  );
});
