/**
 * What `"onnxruntime-web"` means under Deno (deno.json's import map points here): the npm package
 * `onnxruntime-web@1.30.0`, fetched and loaded when this module is first evaluated, i.e. at the
 * first WASM session (`src/inference/session.ts` imports it dynamically), never at start-up.
 *
 * Why not `"onnxruntime-web": "npm:onnxruntime-web@1.30.0"` in the import map: `deno task`
 * installs every npm package of the import map (and of the lockfile it reads) before any task
 * runs, and this one is 150 MB unpacked, most of the first start's download for a gateway that
 * may never load a model. The specifier below is computed, so Deno's module graph does not see it
 * and caches the package only when this line runs; `deno.full.lock` pins it. The Workers build
 * does not use this file: wrangler resolves `onnxruntime-web` from node_modules (wrangler.toml).
 * @module
 */
import type * as Ort from "npm:onnxruntime-web@1.30.0";

const SPECIFIER = "npm:onnxruntime-web@1.30.0";
const ort: typeof Ort = await import(SPECIFIER);

/** ONNX Runtime's session class. */
export const InferenceSession: typeof Ort.InferenceSession = ort.InferenceSession;
/** A session (the instance type). */
export type InferenceSession = Ort.InferenceSession;
/** ONNX Runtime's tensor class. */
export const Tensor: typeof Ort.Tensor = ort.Tensor;
/** A tensor (the instance type). */
export type Tensor = Ort.Tensor;
/** ONNX Runtime's global settings (`env.wasm.numThreads`, `env.wasm.wasmBinary`, ...). */
export const env: typeof Ort.env = ort.env;
