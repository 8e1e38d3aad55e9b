/**
 * `deno task models pull <id>`: downloads a manifest model's files from the Hugging Face Hub into
 * `models/<id>/`, streaming into `<file>.part`, resuming with `Range:`, checking size and sha256
 * (incremental, @noble/hashes) before an atomic rename.
 * @module
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { dirname, join } from "node:path";
import type { FileAccess } from "../core/runtime.ts";
import { fileUrl, findModel, type Manifest, type ManifestFile } from "./manifest.ts";
import type { ProgressSink } from "./progress.ts";

/** The Hub the files come from unless `HF_ENDPOINT` or `baseUrl` says otherwise. */
export const DEFAULT_HF_ENDPOINT = "https://huggingface.co";

/** The Hub endpoint from `HF_ENDPOINT` (huggingface_hub's variable), else the default. */
export function hfEndpoint(env: (name: string) => string | undefined): string {
  const v = env("HF_ENDPOINT")?.trim();
  return v === undefined || v === "" ? DEFAULT_HF_ENDPOINT : v;
}

/** Options of {@link pullModel}. */
export interface PullOptions {
  manifest: Manifest;
  /** The runtime's file system (the Runtime port). */
  fs: FileAccess;
  /** Folder holding model folders (default `models`). */
  modelsDir?: string;
  /** Hub base URL (default {@link DEFAULT_HF_ENDPOINT}). */
  baseUrl?: string;
  /** Only these local file names (default: every file of the model). */
  files?: readonly string[];
  progress?: ProgressSink;
  /** Called with a sentence per file (`verified`, `unverified`, `already present`). */
  log?: (line: string) => void;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** What happened to one file. */
export interface PulledFile {
  name: string;
  bytes: number;
  /** `downloaded`, `resumed` or `present` (already complete, nothing fetched). */
  status: "downloaded" | "resumed" | "present";
  /** True when a sha256 from the manifest was checked. */
  verified: boolean;
}

/** The model was unreachable: offline, DNS, proxy or connection refused. */
export class OfflineError extends Error {
  override name = "OfflineError";
}

async function hashFile(fs: FileAccess, path: string, signal?: AbortSignal): Promise<string> {
  return bytesToHex(sha256(await fs.readBytes(path, signal)));
}

/** Downloads model `id`; resolves once every file is in place and checked. */
export async function pullModel(id: string, opts: PullOptions): Promise<PulledFile[]> {
  const found = findModel(opts.manifest, id);
  if (found === undefined) {
    const ids = Object.keys(opts.manifest.models).join(", ");
    throw new Error(`unknown model ${id}: the manifest has ${ids}`);
  }
  // The folder is created with the first byte received, so an offline attempt leaves nothing.
  const dir = join(opts.modelsDir ?? "models", found.id);
  const out: PulledFile[] = [];
  for (const [name, file] of Object.entries(found.model.files)) {
    if (opts.files !== undefined && !opts.files.includes(name)) continue;
    opts.signal?.throwIfAborted();
    const url = fileUrl(opts.baseUrl ?? DEFAULT_HF_ENDPOINT, found.model, file);
    const pulled = await pullFile(url, join(dir, name), { ...opts, id: found.id, name, file });
    opts.log?.(
      `${name}: ${pulled.status}, ${pulled.bytes} bytes, ` +
        (pulled.verified ? "sha256 verified" : "no pinned sha256 in the manifest (unverified)"),
    );
    out.push(pulled);
  }
  return out;
}

interface FileJob extends PullOptions {
  id: string;
  name: string;
  file: ManifestFile;
}

async function pullFile(url: string, target: string, job: FileJob): Promise<PulledFile> {
  const { file, name, signal, fs } = job;
  const existing = await fs.fileSize(target);
  if (existing !== undefined && (file.size === null || existing === file.size)) {
    const ok = file.sha256 === null || await hashFile(fs, target, signal) === file.sha256;
    if (ok) return { name, bytes: existing, status: "present", verified: file.sha256 !== null };
  }
  const part = `${target}.part`;
  let offset = await fs.fileSize(part) ?? 0;
  if (file.size !== null && offset > file.size) {
    await fs.removeIfExists(part);
    offset = 0;
  }
  const hasher = sha256.create();
  let resumed = false;
  if (offset > 0 && offset !== file.size) {
    const res = await request(url, job, offset);
    if (res.status === 416) {
      await res.body?.cancel();
      hasher.update(await fs.readBytes(part, signal));
      resumed = true;
    } else if (res.status === 206 && contentRangeStart(res) === offset) {
      hasher.update(await fs.readBytes(part, signal));
      resumed = true;
      await receive(res, part, { ...job, append: true, offset, hasher });
    } else {
      // 200 (or an unexpected range): the server sends the whole file; start over.
      await receive(res, part, { ...job, append: false, offset: 0, hasher });
    }
  } else if (offset === 0) {
    await receive(await request(url, job, 0), part, { ...job, append: false, offset: 0, hasher });
  } else {
    hasher.update(await fs.readBytes(part, signal));
    resumed = true;
  }
  const size = await fs.fileSize(part) ?? 0;
  if (file.size !== null && size !== file.size) {
    await fs.removeIfExists(part);
    throw new Error(
      `${job.id}/${name}: size mismatch, expected ${file.size} bytes, got ${size}; ` +
        "the partial file was deleted, run the pull again",
    );
  }
  const digest = bytesToHex(hasher.digest());
  if (file.sha256 !== null && digest !== file.sha256) {
    await fs.removeIfExists(part);
    throw new Error(
      `${job.id}/${name}: sha256 mismatch, expected ${file.sha256}, got ${digest}; ` +
        `the download was deleted (${url})`,
    );
  }
  await fs.renameFile(part, target);
  return {
    name,
    bytes: size,
    status: resumed ? "resumed" : "downloaded",
    verified: file.sha256 !== null,
  };
}

function contentRangeStart(res: Response): number | undefined {
  const m = /^bytes (\d+)-/.exec(res.headers.get("content-range") ?? "");
  return m === null ? undefined : Number(m[1]);
}

async function request(url: string, job: FileJob, offset: number): Promise<Response> {
  const headers: HeadersInit = offset > 0 ? { Range: `bytes=${offset}-` } : {};
  let res: Response;
  try {
    res = await (job.fetch ?? fetch)(url, { headers, signal: job.signal, redirect: "follow" });
  } catch (e) {
    if (job.signal?.aborted) throw e;
    const host = new URL(url).host;
    const reason = e instanceof Error ? e.message : String(e);
    throw new OfflineError(
      `could not reach ${host} to download ${job.id}: ${reason}. You are offline or behind a ` +
        `proxy; copy the files into models/${job.id}/ by hand (see models/README.md)`,
    );
  }
  // 416 on a resume: the .part already holds the whole file.
  if (res.ok || (offset > 0 && res.status === 416)) return res;
  await res.body?.cancel();
  const hint = res.status === 404
    ? "check the repo, revision and path in models/manifest.json"
    : res.status === 401 || res.status === 403
    ? "the repo may be gated or private"
    : "try again later";
  throw new Error(`${job.id}/${job.name}: HTTP ${res.status} for ${url} (${hint})`);
}

interface ReceiveOptions extends FileJob {
  append: boolean;
  offset: number;
  hasher: ReturnType<typeof sha256.create>;
}

async function receive(res: Response, part: string, opts: ReceiveOptions): Promise<void> {
  const length = Number(res.headers.get("content-length") ?? NaN);
  const total = opts.file.size ?? (Number.isFinite(length) ? opts.offset + length : undefined);
  await opts.fs.makeDir(dirname(part));
  const writable = await opts.fs.openForWrite(part, { append: opts.append });
  const writer = writable.getWriter();
  let received = opts.offset;
  try {
    if (res.body === null) throw new Error("empty response body");
    for await (const chunk of res.body) {
      opts.hasher.update(chunk);
      await writer.write(chunk);
      received += chunk.byteLength;
      opts.progress?.({ file: opts.name, received, total, done: false });
    }
  } catch (e) {
    await writer.close().catch(() => {});
    if (opts.signal?.aborted) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(
      `${opts.id}/${opts.name}: download interrupted after ${received} bytes (${reason}); ` +
        "run the pull again to resume",
    );
  }
  await writer.close();
  opts.progress?.({ file: opts.name, received, total, done: true });
}
