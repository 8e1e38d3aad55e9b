/**
 * Cloudflare Workers entry (`npx wrangler dev` / `npx wrangler deploy`, see wrangler.toml): the
 * same gateway as main.ts, built from the Worker's vars, secrets and bindings at the first request
 * of each isolate. Bundled by wrangler (esbuild), not by Deno: the `.wasm` import is wrangler's
 * `CompiledWasm` module rule, so this file is outside `deno check`; src/runtime/worker.ts is not.
 * @module
 */
// @ts-ignore: a WebAssembly.Module under wrangler; Deno does not resolve this import.
import ortWasm from "onnxruntime-web/dist/ort-wasm-simd-threaded.wasm";
import sample from "./data/trivia_sample.json" with { type: "json" };
import { createWorker } from "./src/runtime/worker.ts";

export default createWorker({
  ortWasm: ortWasm as WebAssembly.Module,
  bundledFiles: { "data/trivia_sample.json": () => JSON.stringify(sample) },
});
