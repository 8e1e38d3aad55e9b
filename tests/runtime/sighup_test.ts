/**
 * main.ts reloads its config and data files on SIGHUP: new data is served after a good reload,
 * a bad data file keeps the old data serving and the log says why.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ID = "d0000000-0000-0000-0000-000000000001";

/** Collects stderr; `waitFor` resolves once the collected text matches. */
function collect(stream: ReadableStream<Uint8Array>) {
  let text = "";
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const done = (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      for (const w of [...waiters]) {
        const m = text.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
    for (const w of waiters) w.resolve(["" as string] as RegExpMatchArray);
  })();
  return {
    get text() {
      return text;
    },
    done,
    /** Bounded: rejects after 60 s (or at once when the process ended without the line). */
    waitFor(re: RegExp): Promise<RegExpMatchArray> {
      const m = text.match(re);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${re} in 60 s:\n${text}`)), 60_000);
        waiters.push({
          re,
          resolve: (m) => {
            clearTimeout(timer);
            if (m[0] === "") reject(new Error(`main.ts ended before ${re}:\n${text}`));
            else resolve(m);
          },
        });
      });
    },
  };
}

Deno.test({
  name: "sighup: main.ts reloads the data; a bad file keeps the old data and is logged",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "sighup-" });
    const data = `${dir}/notes.json`;
    await Deno.writeTextFile(data, JSON.stringify([{ id: ID, body: "old" }]));
    await Deno.writeTextFile(
      `${dir}/gateway.json`,
      JSON.stringify({
        collections: [{
          class: "Note",
          properties: [{ name: "body", dataType: ["text"] }],
          store: { kind: "embedded", files: ["notes.json"] },
        }],
      }),
    );
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        `--config=${ROOT}deno.json`,
        `--lock=${ROOT}deno.full.lock`,
        "--allow-net=127.0.0.1",
        "--allow-read",
        "--allow-env",
        `${ROOT}main.ts`,
        "--config",
        `${dir}/gateway.json`,
      ],
      env: { PORT: "0", HOST: "127.0.0.1", GATEWAY_AUTO_PULL: "0" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const log = collect(child.stderr);
    try {
      const [, origin] = await log.waitFor(/Listening on (http:\/\/\S+?)\/?\s/);
      const bodies = async () => {
        const res = await fetch(`${origin}/v1/graphql`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ query: "{Get{Note{body}}}" }),
        });
        return (await res.json()).data.Get.Note.map((n: { body: string }) => n.body);
      };
      assert.deepEqual(await bodies(), ["old"]);

      await Deno.writeTextFile(data, JSON.stringify([{ id: ID, body: "new" }]));
      child.kill("SIGHUP");
      await log.waitFor(/reloaded in \d+ ms: 1 classes \(Note\)/);
      assert.deepEqual(await bodies(), ["new"]);

      await Deno.writeTextFile(data, "[{broken");
      child.kill("SIGHUP");
      const [failed] = await log.waitFor(/reload failed[^\n]*/);
      assert.match(
        failed,
        /the previous config and data keep serving: .*notes\.json.*invalid JSON/,
      );
      assert.deepEqual(await bodies(), ["new"]);
    } finally {
      child.kill("SIGTERM");
      await child.status;
      await log.done;
      await Deno.remove(dir, { recursive: true });
    }
  },
});
