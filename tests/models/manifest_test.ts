import assert from "node:assert/strict";
import { denoFiles } from "../../src/runtime/files.ts";
import { join } from "node:path";
import {
  builtinManifest,
  fileUrl,
  findModel,
  type Manifest,
  parseManifest,
} from "../../src/models/manifest.ts";
import { resolveModel } from "../../src/models/resolve.ts";
import { writeSyntheticModel } from "../../tools/synth/write.ts";

Deno.test("manifest: the shipped manifest validates and lists rerankers and embedders", () => {
  const m = builtinManifest();
  for (
    const id of ["ms-marco-MiniLM-L-6-v2", "ms-marco-MiniLM-L-12-v2", "ms-marco-TinyBERT-L-2-v2"]
  ) {
    const model = m.models[id];
    assert.equal(model.kind, "reranker");
    assert.ok(model.kind === "reranker" && model.activation === "Identity");
  }
  const bge = m.models["bge-reranker-base"];
  assert.ok(bge.kind === "reranker" && bge.activation === "Sigmoid" && bge.multilingual);
  const mini = m.models["all-MiniLM-L6-v2"];
  assert.ok(mini.kind === "embedder" && mini.pooling === "mean" && mini.normalize);
  assert.equal(m.models["bge-small-en-v1.5"].kind, "embedder");
  for (const model of Object.values(m.models)) {
    assert.ok("tokenizer.json" in model.files && "config.json" in model.files);
  }
});

Deno.test("manifest: every problem is reported with its key path", () => {
  const bad = JSON.parse(JSON.stringify(builtinManifest()));
  bad.models["ms-marco-MiniLM-L-6-v2"].files["model.onnx"].sha256 = "XYZ";
  bad.models["all-MiniLM-L6-v2"].pooling = "max";
  delete bad.models["bge-small-en-v1.5"].files["tokenizer.json"];
  assert.throws(() => parseManifest(bad), (e: Error) => {
    assert.match(e.message, /3 problem/);
    assert.match(e.message, /models\.ms-marco-MiniLM-L-6-v2\.files\.model\.onnx\.sha256/);
    assert.match(e.message, /models\.all-MiniLM-L6-v2\.pooling/);
    assert.match(e.message, /tokenizer\.json and config\.json/);
    return true;
  });
});

Deno.test("manifest: file URLs follow the Hub layout; a model is found by id or repo", () => {
  const m = builtinManifest();
  const model = m.models["ms-marco-MiniLM-L-6-v2"];
  assert.equal(
    fileUrl("https://huggingface.co/", model, model.files["model.onnx"]),
    "https://huggingface.co/cross-encoder/ms-marco-MiniLM-L-6-v2/resolve/main/onnx/model.onnx",
  );
  assert.equal(findModel(m, "cross-encoder/ms-marco-MiniLM-L-6-v2")?.id, "ms-marco-MiniLM-L-6-v2");
  assert.equal(findModel(m, "nope"), undefined);
});

const manifest: Manifest = builtinManifest();

Deno.test("resolve: a manifest model that is not downloaded names the pull command", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      resolveModel("ms-marco-MiniLM-L-6-v2", { fs: denoFiles, manifest, modelsDir: dir }),
      /deno task models pull ms-marco-MiniLM-L-6-v2/,
    );
    await assert.rejects(
      resolveModel("cross-encoder/ms-marco-TinyBERT-L-2-v2", {
        fs: denoFiles,
        manifest,
        modelsDir: dir,
      }),
      /deno task models pull ms-marco-TinyBERT-L-2-v2/,
    );
    await assert.rejects(
      resolveModel("synthetic-tiny", { fs: denoFiles, manifest, modelsDir: dir }),
      /models synth/,
    );
    await assert.rejects(
      resolveModel("no-such-model", { fs: denoFiles, manifest, modelsDir: dir }),
      /unknown model/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolve: synthetic ids and HF-layout folders by path resolve to their files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeSyntheticModel(join(dir, "synthetic-tiny"), "tiny");
    const byId = await resolveModel("synthetic-tiny", { fs: denoFiles, manifest, modelsDir: dir });
    assert.equal(byId.onnxPath, join(dir, "synthetic-tiny", "model.onnx"), "fp32 by default");
    const int8 = await resolveModel("synthetic-tiny", {
      fs: denoFiles,
      manifest,
      modelsDir: dir,
      dtype: "int8",
    });
    assert.equal(int8.onnxPath, join(dir, "synthetic-tiny", "model_quantized.onnx"));
    const byPath = await resolveModel(join(dir, "synthetic-tiny"), {
      fs: denoFiles,
      manifest,
      dtype: "fp32",
    });
    assert.equal(byPath.tokenizerPath, join(dir, "synthetic-tiny", "tokenizer.json"));
    assert.equal(byPath.entry, undefined);
    await Deno.remove(join(dir, "synthetic-tiny", "tokenizer.json"));
    await assert.rejects(
      resolveModel(join(dir, "synthetic-tiny"), { fs: denoFiles, manifest }),
      /lacks tokenizer\.json/,
    );
    await assert.rejects(
      resolveModel(join(dir, "absent"), { fs: denoFiles, manifest }),
      /does not exist/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
