/**
 * File-system helpers for model folders (the runtime edge: the only model code touching
 * `Deno.*`): sizes, atomic writes, appends for resumable downloads, renames.
 * @module
 */
import type { FileAccess, ModelIo, ModelResolver, ModelSource } from "../core/runtime.ts";
import { fileModelSource } from "../models/file_source.ts";

/** Size in bytes of the file at `path`, or `undefined` when it does not exist. */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    const info = await Deno.stat(path);
    return info.isFile ? info.size : undefined;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** True when `path` is an existing directory. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Creates `path` and its parents. */
export async function makeDir(path: string): Promise<void> {
  await Deno.mkdir(path, { recursive: true });
}

/** Reads a whole file as bytes. */
export function readBytes(path: string, signal?: AbortSignal): Promise<Uint8Array> {
  return Deno.readFile(path, { signal });
}

/** Reads a UTF-8 file, or `undefined` when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** Writes `data` to `path` through `<path>.tmp` + rename, so readers never see half a file. */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  signal?: AbortSignal,
): Promise<void> {
  const tmp = `${path}.tmp`;
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  await Deno.writeFile(tmp, bytes, { signal });
  await Deno.rename(tmp, path);
}

/** Opens `path` for writing: appended to when `append`, else created or truncated. */
export async function openForWrite(
  path: string,
  opts: { append: boolean },
): Promise<WritableStream<Uint8Array>> {
  const file = await Deno.open(path, {
    write: true,
    create: true,
    append: opts.append,
    truncate: !opts.append,
  });
  return file.writable;
}

/** Renames `from` to `to` (atomic on one file system). */
export async function renameFile(from: string, to: string): Promise<void> {
  await Deno.rename(from, to);
}

/** Removes `path`; no error when it does not exist. */
export async function removeIfExists(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/** The Deno file system as the Runtime port's {@link FileAccess}. */
export const denoFiles: FileAccess = {
  fileSize,
  isDirectory,
  makeDir,
  readBytes,
  readTextIfExists,
  writeFileAtomic,
  openForWrite,
  renameFile,
  removeIfExists,
};

/** Local models from the Deno file system (`models/` and model folders). */
export const denoModelSource: ModelSource = fileModelSource(denoFiles);

/** Resolves `.onnx` paths, manifest ids and model folders on the Deno file system (fp32 first). */
export const resolveLocalModel: ModelResolver = denoModelSource.resolver(undefined);

/** Model-file access on the Deno file system. */
export const DENO_MODEL_IO: ModelIo = denoModelSource.io;
