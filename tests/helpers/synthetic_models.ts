/**
 * A models folder standing in for the default config's models: the tiny synthetic BERT (random
 * weights, own vocabulary, fp32) written under `all-MiniLM-L6-v2/` with an embedder head and
 * under `ms-marco-MiniLM-L-6-v2/` with a cross-encoder head. Scores are meaningless; the point is
 * the real code path (resolver, ONNX sessions, pooling, cross-encoder) without a download.
 */
import { join } from "node:path";
import { writeSyntheticModel } from "../../tools/synth/write.ts";

/** The manifest ids of the default (neural) sample config. */
export const EMBEDDER_ID = "all-MiniLM-L6-v2";
/** The cross-encoder id of the default sample config. */
export const RERANKER_ID = "ms-marco-MiniLM-L-6-v2";

/** Writes the stand-in embedder into `<modelsDir>/all-MiniLM-L6-v2/`. */
export async function writeSyntheticEmbedder(modelsDir: string): Promise<void> {
  await writeSyntheticModel(join(modelsDir, EMBEDDER_ID), "tiny", {
    head: "hidden",
    dtypes: ["fp32"],
  });
}

/** Writes the stand-in cross-encoder into `<modelsDir>/ms-marco-MiniLM-L-6-v2/`. */
export async function writeSyntheticReranker(modelsDir: string): Promise<void> {
  await writeSyntheticModel(join(modelsDir, RERANKER_ID), "tiny", { dtypes: ["fp32"] });
}

let shared: Promise<string> | undefined;

/** A temp models folder with both stand-ins, written once per test process (removed on exit). */
export function syntheticModelsDir(): Promise<string> {
  shared ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "models-synth-" });
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    await writeSyntheticEmbedder(dir);
    await writeSyntheticReranker(dir);
    return dir;
  })();
  return shared;
}
