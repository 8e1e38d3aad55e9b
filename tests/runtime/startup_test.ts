/**
 * What `deno task start` prints and refuses: one line per collection and the address, the
 * warning when authentication is on without keys, a missing data file named by its config key
 * path, and `/v1/.well-known/models` for missing models.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function mainTs(args: string[], env: Record<string, string>): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--config=${ROOT}deno.json`,
      `--lock=${ROOT}deno.full.lock`,
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-env",
      `${ROOT}main.ts`,
      ...args,
    ],
    env: { PORT: "0", HOST: "127.0.0.1", GATEWAY_AUTO_PULL: "0", NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Reads stderr until `re` matches (60 s at most) or the process ends. */
async function readUntil(child: Deno.ChildProcess, re: RegExp): Promise<string> {
  let text = "";
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => reader.cancel(), 60_000);
  try {
    while (!re.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
  return text;
}

async function stop(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch { /* exited */ }
  await child.status;
  await child.stdout.cancel().catch(() => {});
  await child.stderr.cancel().catch(() => {});
}

Deno.test("start-up: a line per collection, the address, and a warning for auth without keys", async () => {
  const dir = await Deno.makeTempDir({ prefix: "startup-" });
  try {
    await Deno.writeTextFile(`${dir}/notes.json`, JSON.stringify([{ body: "a" }, { body: "b" }]));
    await Deno.writeTextFile(
      `${dir}/gateway.json`,
      JSON.stringify({
        collections: [{
          class: "Note",
          properties: [{ name: "body", dataType: ["text"] }],
          vectorizer: "text2vec-hash",
          moduleConfig: {
            "text2vec-hash": {},
            "reranker-transformers": { model: "ms-marco-MiniLM-L-6-v2" },
          },
          store: { kind: "embedded", files: ["notes.json"] },
        }],
        authentication: { anonymousAccessEnabled: false, apiKeysEnv: "STARTUP_TEST_KEYS" },
      }),
    );
    const child = mainTs(["--config", `${dir}/gateway.json`], { STARTUP_TEST_KEYS: "" });
    try {
      const log = await readUntil(child, /Listening on (http:\/\/\S+?)\/ /);
      assert.match(log, /warning: anonymous access is disabled but no API key is configured/);
      assert.match(log, /the env variable STARTUP_TEST_KEYS \(authentication\.apiKeysEnv\)/);
      assert.match(
        log,
        /collection Note: embedded store, 2 objects; vectorizer text2vec-hash; reranker reranker-transformers \(model ms-marco-MiniLM-L-6-v2: (missing, run `deno task models pull ms-marco-MiniLM-L-6-v2`|present)\)\n/,
      );
      const origin = log.match(/Listening on (http:\/\/\S+?)\/ /)![1];
      assert.match(log, /console: open http:\/\/127\.0\.0\.1:\d+\/v1\/graphql in a browser/);
      // The probes stay open; they say which models are missing.
      const res = await fetch(`${origin}/v1/.well-known/models`);
      const body = await res.json();
      assert.equal(res.status, 200);
      assert.equal(body.models.length, 1);
      assert.deepEqual(
        { ...body.models[0], state: undefined, pull: undefined },
        {
          class: "Note",
          module: "reranker-transformers",
          model: "ms-marco-MiniLM-L-6-v2",
          state: undefined,
          pull: undefined,
        },
      );
      const ready = await fetch(`${origin}/v1/.well-known/ready`);
      await ready.body?.cancel();
      assert.equal(ready.status, 200, "ready = serving");
      const denied = await fetch(`${origin}/v1/meta`);
      await denied.body?.cancel();
      assert.equal(denied.status, 401);
    } finally {
      await stop(child);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("start-up: a missing data file is refused with its config key path", async () => {
  const dir = await Deno.makeTempDir({ prefix: "startup-" });
  try {
    await Deno.writeTextFile(`${dir}/a.json`, "[]");
    await Deno.writeTextFile(
      `${dir}/gateway.json`,
      JSON.stringify({
        collections: [{
          class: "Note",
          properties: [{ name: "body", dataType: ["text"] }],
          store: { kind: "embedded", files: ["a.json", "missing.jsonl"] },
        }],
      }),
    );
    const child = mainTs(["--config", `${dir}/gateway.json`], {});
    const log = await readUntil(child, /(?!)/); // to the end
    const status = await child.status;
    assert.equal(status.code, 1);
    assert.equal(
      log,
      `rerank-gateway: invalid gateway config in ${dir}/gateway.json (1 problem):\n` +
        `  - collections[0].store.files[1]: data file ${dir}/missing.jsonl does not exist\n`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
