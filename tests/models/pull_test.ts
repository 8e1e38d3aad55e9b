import assert from "node:assert/strict";
import { denoFiles } from "../../src/runtime/files.ts";
import { join } from "node:path";
import { OfflineError, pullModel } from "../../src/models/pull.ts";
import { type HubBehaviour, startHub, tinyManifest, tinyRepoFiles } from "./hub_server.ts";

async function withHub(
  fn: (
    ctx: {
      url: string;
      dir: string;
      behaviour: HubBehaviour;
      ranges: { path: string; range?: string }[];
    },
  ) => Promise<void>,
): Promise<void> {
  const behaviour: HubBehaviour = { cutOnce: new Set(), ignoreRange: false };
  const hub = startHub(tinyRepoFiles(), behaviour);
  const dir = await Deno.makeTempDir();
  try {
    await fn({ url: hub.url, dir, behaviour, ranges: hub.ranges });
  } finally {
    await hub.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const files = tinyRepoFiles();
const manifest = tinyManifest(files);

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("pull: downloads every file from {base}/{repo}/resolve/{revision}/{path}, sha256 checked", async () => {
  await withHub(async ({ url, dir, ranges }) => {
    const events: number[] = [];
    const pulled = await pullModel("tiny-test", {
      fs: denoFiles,
      manifest,
      modelsDir: dir,
      baseUrl: url,
      progress: (e) => events.push(e.received),
    });
    assert.deepEqual(pulled.map((p) => [p.name, p.status, p.verified]), [
      ["model.onnx", "downloaded", true],
      ["tokenizer.json", "downloaded", true],
      ["config.json", "downloaded", true],
    ]);
    assert.deepEqual(
      await Deno.readFile(join(dir, "tiny-test", "model.onnx")),
      files.get("onnx/model.onnx"),
    );
    assert.ok(!exists(join(dir, "tiny-test", "model.onnx.part")));
    assert.ok(events.length > 0);
    assert.equal(ranges[0].path, "/synth/tiny/resolve/abc123/onnx/model.onnx");
    const again = await pullModel("tiny-test", {
      fs: denoFiles,
      manifest,
      modelsDir: dir,
      baseUrl: url,
    });
    assert.ok(again.every((p) => p.status === "present"));
    assert.equal(ranges.length, 3, "a complete model is not downloaded again");
  });
});

Deno.test("pull: a sha256 mismatch fails and leaves no final file and no .part", async () => {
  await withHub(async ({ url, dir }) => {
    const bad = structuredClone(manifest);
    bad.models["tiny-test"].files["model.onnx"].sha256 = "0".repeat(64);
    await assert.rejects(
      pullModel("tiny-test", { fs: denoFiles, manifest: bad, modelsDir: dir, baseUrl: url }),
      /model\.onnx: sha256 mismatch, expected 0{64}, got [0-9a-f]{64}/,
    );
    assert.ok(!exists(join(dir, "tiny-test", "model.onnx")));
    assert.ok(!exists(join(dir, "tiny-test", "model.onnx.part")));
  });
});

Deno.test("pull: an interrupted download keeps its .part and resumes with Range (206)", async () => {
  await withHub(async ({ url, dir, behaviour, ranges }) => {
    behaviour.cutOnce.add("onnx/model.onnx");
    const opts = { fs: denoFiles, manifest, modelsDir: dir, baseUrl: url, files: ["model.onnx"] };
    await assert.rejects(
      pullModel("tiny-test", opts),
      /interrupted after \d+ bytes.*run the pull again/,
    );
    const part = join(dir, "tiny-test", "model.onnx.part");
    const partial = Deno.statSync(part).size;
    assert.ok(partial > 0 && partial < files.get("onnx/model.onnx")!.byteLength);
    const [pulled] = await pullModel("tiny-test", opts);
    assert.equal(pulled.status, "resumed");
    assert.ok(pulled.verified);
    assert.equal(ranges.at(-1)?.range, `bytes=${partial}-`);
    assert.deepEqual(
      await Deno.readFile(join(dir, "tiny-test", "model.onnx")),
      files.get("onnx/model.onnx"),
    );
    assert.ok(!exists(part));
  });
});

Deno.test("pull: a server that ignores Range (200) restarts the file from zero", async () => {
  await withHub(async ({ url, dir, behaviour }) => {
    behaviour.cutOnce.add("onnx/model.onnx");
    const opts = { fs: denoFiles, manifest, modelsDir: dir, baseUrl: url, files: ["model.onnx"] };
    await assert.rejects(pullModel("tiny-test", opts), /interrupted/);
    behaviour.ignoreRange = true;
    const [pulled] = await pullModel("tiny-test", opts);
    assert.equal(pulled.status, "downloaded");
    assert.deepEqual(
      await Deno.readFile(join(dir, "tiny-test", "model.onnx")),
      files.get("onnx/model.onnx"),
    );
  });
});

Deno.test("pull: 404 names the URL and the manifest", async () => {
  await withHub(async ({ url, dir }) => {
    const bad = structuredClone(manifest);
    bad.models["tiny-test"].files["config.json"].path = "missing/config.json";
    await assert.rejects(
      pullModel("tiny-test", { fs: denoFiles, manifest: bad, modelsDir: dir, baseUrl: url }),
      /config\.json: HTTP 404 for http:\/\/127\.0\.0\.1:\d+\/synth\/tiny\/resolve\/abc123\/missing\/config\.json \(check the repo, revision and path in models\/manifest\.json\)/,
    );
  });
});

Deno.test("pull: connection refused gives the offline message", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      pullModel("tiny-test", {
        fs: denoFiles,
        manifest,
        modelsDir: dir,
        baseUrl: `http://127.0.0.1:${port}`,
      }),
      (e: Error) => {
        assert.ok(e instanceof OfflineError);
        assert.match(
          e.message,
          new RegExp(`^could not reach 127\\.0\\.0\\.1:${port} to download tiny-test: `),
        );
        assert.match(
          e.message,
          /You are offline or behind a proxy; copy the files into models\/tiny-test\/ by hand \(see models\/README\.md\)$/,
        );
        return true;
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("pull: an unknown id lists the manifest's models", async () => {
  await assert.rejects(
    pullModel("nope", { fs: denoFiles, manifest }),
    /unknown model nope: the manifest has tiny-test/,
  );
});
