/**
 * A {@link Runtime} for tests and benchmarks: the Deno file system for models, no environment
 * (unless given), data files from `readText`, operator lines collected in memory.
 * @module
 */
import type { Runtime } from "../../src/core/runtime.ts";
import { fileModelSource } from "../../src/models/file_source.ts";
import { denoFiles } from "../../src/runtime/files.ts";

/** What a test may set; the rest gets the defaults above. */
export interface TestRuntimeOptions extends Partial<Omit<Runtime, "models">> {
  /** Folder of the manifest models (default `models`). */
  readonly modelsDir?: string;
  readonly models?: Runtime["models"];
}

/** Builds a test runtime. */
export function testRuntime(opts: TestRuntimeOptions = {}): Runtime {
  const { modelsDir, ...rest } = opts;
  return {
    kind: "deno",
    env: () => undefined,
    readText: (path, signal) => Deno.readTextFile(path, { signal }),
    models: fileModelSource(denoFiles, { modelsDir }),
    files: denoFiles,
    bindings: {},
    log: () => {},
    ...rest,
  };
}
