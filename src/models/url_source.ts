/**
 * Local models read from a URL: a `model` setting that is an `https://` URL names a folder in the
 * Hugging Face layout (`model.onnx` / `model_quantized.onnx`, `tokenizer.json`, `config.json`,
 * optional `tokenizer_config.json` and `1_Pooling/config.json`) on any static host: a Hugging Face
 * `resolve/<revision>/` URL, an R2 public bucket, S3, a CDN. A URL ending in `.onnx` names the
 * graph itself; its folder (or the one above `onnx/`) holds the JSON files. The graph of a `dtype`
 * is looked for at the top of the folder, then under `onnx/`.
 *
 * Nothing is written anywhere: files are fetched at the first request that needs the model and
 * kept in memory per process / isolate. The JSON files are kept (they are small); the graph is
 * handed to the ONNX session, which is memoised per process, so its bytes are not kept twice.
 * Concurrent first loads share one fetch per file; a failed fetch is forgotten, so the next
 * request tries again. `sha256` pins verify files by name.
 * @module
 */
import type { ModelIo, ModelSource } from "../inference/model_files.ts";
import { abortable } from "../core/abortable.ts";
import { ModelUnavailableError } from "./unavailable.ts";
import { redactUrl } from "../remote/redact.ts";
import { fetchModelFile, headModelFile, sha256Hex } from "./url_fetch.ts";
import { modelUrlProblem } from "./model_url.ts";

/** Default per-file download timeout (headers and body). */
export const DEFAULT_MODEL_URL_TIMEOUT_MS = 120_000;
/** Default size limit of a graph file: far above any model that fits a 512 MB isolate. */
export const DEFAULT_MAX_GRAPH_BYTES = 1024 * 1024 * 1024;
/** Size limit of a JSON file (a multilingual `tokenizer.json` is ~17 MB). */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

const GRAPH_FILE = { fp32: "model.onnx", int8: "model_quantized.onnx" } as const;

/** Options of {@link urlModelSource}. */
export interface UrlModelSourceOptions {
  /** Accept `http://` (`modules.allowPrivateBaseUrls`: tests against 127.0.0.1). */
  readonly allowHttp?: boolean;
  /** Expected hex SHA-256 per file name relative to the model URL (`MODEL_URL_FILES`). */
  readonly sha256?: Readonly<Record<string, string>>;
  /** Per-file download timeout; default {@link DEFAULT_MODEL_URL_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Largest graph accepted; default {@link DEFAULT_MAX_GRAPH_BYTES}. */
  readonly maxGraphBytes?: number;
  /** Replaces global fetch (tests). */
  readonly fetch?: typeof fetch;
}

// Per process / isolate, shared by every module instance reading the same URL.
const jsonFiles = new Map<string, Promise<Uint8Array | undefined>>();
const graphs = new Map<string, Promise<Uint8Array | undefined>>();

/** Forgets every fetched file (tests). */
export function clearUrlModelCache(): void {
  jsonFiles.clear();
  graphs.clear();
}

/**
 * The model source of the model URL `model`. Throws at once when the URL is not acceptable
 * (credentials, query, `http://` without `allowHttp`).
 */
export function urlModelSource(model: string, opts: UrlModelSourceOptions = {}): ModelSource {
  const problem = modelUrlProblem(model, opts);
  if (problem !== undefined) throw new Error(`model URL ${problem}`);
  const base = baseOf(model);
  const pins = new Map(Object.entries(opts.sha256 ?? {}).map(([k, v]) => [k, v.toLowerCase()]));
  const fetchOpts = {
    timeoutMs: opts.timeoutMs ?? DEFAULT_MODEL_URL_TIMEOUT_MS,
    fetch: opts.fetch,
  };

  /** The file at `url`, from `cache` or one shared fetch, checked against its pin. */
  const read = async (
    cache: Map<string, Promise<Uint8Array | undefined>>,
    url: string,
    signal: AbortSignal,
    limits: { maxBytes: number; keep: boolean },
  ): Promise<Uint8Array | undefined> => {
    let pending = cache.get(url);
    if (!pending) {
      // The fetch must not die with the first caller's request: it has its own timeout.
      const attempt = fetchModelFile(url, { ...fetchOpts, maxBytes: limits.maxBytes });
      pending = attempt;
      cache.set(url, attempt);
      attempt.then((bytes) => {
        if ((!limits.keep || bytes === undefined) && cache.get(url) === attempt) cache.delete(url);
      }, () => {
        if (cache.get(url) === attempt) cache.delete(url);
      });
    }
    const bytes = await abortable(pending, signal);
    const name = nameOf(base, url);
    const pin = name === undefined ? undefined : pins.get(name);
    if (pin === undefined) return bytes;
    if (bytes === undefined) {
      throw new ModelUnavailableError(
        `model file ${redactUrl(url)} is pinned by sha256 but missing`,
      );
    }
    const actual = await sha256Hex(bytes);
    if (actual !== pin) {
      if (cache.get(url) === pending) cache.delete(url);
      throw new Error(
        `model file ${redactUrl(url)}: sha256 ${actual} does not match the pinned ${pin}`,
      );
    }
    return bytes;
  };

  const io: ModelIo = {
    readText: async (url, signal) => {
      const limits = { maxBytes: MAX_JSON_BYTES, keep: true };
      const bytes = await read(jsonFiles, url, signal ?? new AbortController().signal, limits);
      return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
    },
    readBytes: async (url, signal) => {
      const limits = { maxBytes: opts.maxGraphBytes ?? DEFAULT_MAX_GRAPH_BYTES, keep: false };
      const bytes = await read(graphs, url, signal, limits);
      if (bytes === undefined) {
        throw new ModelUnavailableError(`model file ${redactUrl(url)} does not exist (HTTP 404)`);
      }
      return bytes;
    },
    isFile: (url) => headModelFile(url, { ...fetchOpts, maxBytes: 0 }),
  };

  return {
    resolver: (dtype) => async (requested, signal) => {
      signal.throwIfAborted();
      if (baseOf(requested) !== base) throw new Error(`this source reads ${redactUrl(model)} only`);
      if (/\.onnx$/i.test(requested)) return requested;
      // Without a dtype the loader probes model.onnx, then the int8 and onnx/ names (HEAD).
      if (dtype === undefined) return base;
      // The dtype's graph at the top or under onnx/ (the Optimum / transformers.js layouts).
      const name = GRAPH_FILE[dtype];
      for (const candidate of [`${base}/${name}`, `${base}/onnx/${name}`]) {
        if (await abortable(io.isFile(candidate), signal)) return candidate;
      }
      throw new ModelUnavailableError(
        `model file ${redactUrl(`${base}/${name}`)} does not exist (nor onnx/${name})`,
      );
    },
    io,
  };
}

/** The folder URL of a model URL, without a trailing slash. */
function baseOf(model: string): string {
  const trimmed = model.replace(/\/+$/, "");
  return /\.onnx$/i.test(trimmed) ? trimmed.replace(/\/(onnx\/)?[^/]*$/, "") : trimmed;
}

/** `url` relative to `base`, or `undefined` when it is not below it. */
function nameOf(base: string, url: string): string | undefined {
  return url.startsWith(`${base}/`) ? url.slice(base.length + 1) : undefined;
}
