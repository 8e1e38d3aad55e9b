/**
 * The Runtime port on Deno (local server, Deno Deploy): env from `Deno.env`, data files and
 * models from the file system, no bindings, host names resolved with `Deno.resolveDns` (for the
 * base-URL guard), operator lines to stderr.
 * @module
 */
import type { Runtime } from "../core/runtime.ts";
import { fileModelSource } from "../models/file_source.ts";
import {
  denoInferenceHost,
  envGet,
  openFileStream,
  readTextFile,
  resolveHost,
  writeStderr,
} from "./deno.ts";
import { denoFiles } from "./files.ts";

/** Options of {@link denoRuntime}. */
export interface DenoRuntimeOptions {
  /** Folder of the manifest models (default `models`). */
  readonly modelsDir?: string;
}

/** Builds the Deno {@link Runtime}. */
export function denoRuntime(opts: DenoRuntimeOptions = {}): Runtime {
  return {
    kind: "deno",
    env: envGet,
    readText: readTextFile,
    readStream: openFileStream,
    models: fileModelSource(denoFiles, { modelsDir: opts.modelsDir }),
    files: denoFiles,
    bindings: {},
    resolveHost,
    log: (line) => writeStderr(`${line}\n`),
    inference: denoInferenceHost(),
  };
}
