/**
 * main.ts as Deno Deploy runs it: no `--allow-write` (Deploy has no writable file system), the
 * config in `GATEWAY_CONFIG_JSON`, the cross-encoder read from a model URL (a local static host),
 * a fresh empty working directory. The seed query is reranked, every model file is fetched once,
 * and nothing appears in the working directory.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readModelDir, serveModelFiles } from "../helpers/model_server.ts";
import { tinyModelDir } from "../rerankers/cross_encoder/fixture.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function deployConfig(modelUrl: string): string {
  return JSON.stringify({
    collections: [{
      class: "JeopardyQuestion",
      properties: [
        { name: "question", dataType: ["text"] },
        { name: "answer", dataType: ["text"] },
      ],
      vectorizer: "text2vec-hash",
      moduleConfig: {
        "text2vec-hash": {},
        "reranker-transformers": { model: modelUrl, backend: "wasm" },
      },
      store: { kind: "embedded", files: [`${ROOT}data/trivia_sample.json`] },
    }],
    modules: { allowPrivateBaseUrls: true },
  });
}

/** Reads `stream` until a line matches `re`; the rest of the stream is collected into `log`. */
async function waitForLine(
  stream: ReadableStream<Uint8Array>,
  re: RegExp,
  log: string[],
): Promise<RegExpMatchArray> {
  const lines = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { done, value } = await lines.read();
    if (done) throw new Error(`main.ts exited before ${re}:\n${log.join("")}${buffered}`);
    buffered += value;
    const match = buffered.match(re);
    if (match) {
      log.push(buffered);
      (async () => {
        for (let r = await lines.read(); !r.done; r = await lines.read()) log.push(r.value);
      })();
      return match;
    }
  }
}

Deno.test("deploy: main.ts without --allow-write serves a model URL from GATEWAY_CONFIG_JSON and writes nothing", async () => {
  const server = serveModelFiles(await readModelDir(await tinyModelDir()));
  const cwd = await Deno.makeTempDir({ prefix: "deploy-cwd-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--config=${ROOT}deno.json`,
      `--lock=${ROOT}deno.full.lock`,
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-env",
      `${ROOT}main.ts`,
    ],
    cwd,
    env: {
      GATEWAY_CONFIG_JSON: deployConfig(server.url),
      GATEWAY_CONFIG: "",
      PORT: "0",
      HOST: "127.0.0.1",
    },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  try {
    const [, origin] = await waitForLine(child.stderr, /Listening on (http:\/\/\S+?)\/?\s/, log);
    const query = (q: string) =>
      `{ Get { JeopardyQuestion(nearText: {concepts: "flying"} limit: 10) { answer ` +
      `_additional { rerank(property: "answer" query: "${q}") { score } } } } }`;
    for (const q of ["floating", "flying", "balloon"]) {
      const res = await fetch(`${origin}/v1/graphql`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ query: query(q) }),
      });
      const body = await res.json();
      assert.equal(res.status, 200);
      assert.equal(body.errors, undefined, JSON.stringify(body));
      const rows = body.data.Get.JeopardyQuestion as { _additional: { rerank: unknown[] } }[];
      assert.equal(rows.length, 10);
      assert.ok(rows.every((r) => r._additional.rerank.length === 1));
    }
    for (const name of ["config.json", "tokenizer.json", "model.onnx"]) {
      assert.equal(server.gets(name), 1, name);
    }
    const meta = await (await fetch(`${origin}/v1/meta`)).json();
    assert.equal(meta.modules["reranker-transformers"].model, server.url);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await server.close();
  }
  const written = [];
  for await (const entry of Deno.readDir(cwd)) written.push(entry.name);
  await Deno.remove(cwd);
  assert.deepEqual(written, [], "nothing written to the working directory");
  const stderr = log.join("");
  assert.ok(!/warning|pull|NotCapable|PermissionDenied/i.test(stderr), stderr);
});
