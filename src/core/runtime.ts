/**
 * The Runtime port: everything the gateway needs from the platform it runs on (environment,
 * data files, model files, bindings, the operator's log), as one value. `main.ts` (Deno, Deno
 * Deploy) and `worker.ts` (Cloudflare Workers) build it in `src/runtime/` and pass it in; no code
 * below `src/runtime/` reaches for `Deno.*` or a Worker's `env` itself.
 * @module
 */

/** Reads an environment variable (provider keys, connection strings); `undefined` when unset. */
export type EnvReader = (name: string) => string | undefined;

/** File-system access for model folders (pull, resolve, load). Only the Deno runtime has one. */
export interface FileAccess {
  /** Size in bytes of the file at `path`, or `undefined` when it does not exist. */
  fileSize(path: string): Promise<number | undefined>;
  /** True when `path` is an existing directory. */
  isDirectory(path: string): Promise<boolean>;
  /** Creates `path` and its parents. */
  makeDir(path: string): Promise<void>;
  /** Reads a whole file as bytes. */
  readBytes(path: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Reads a UTF-8 file, or `undefined` when it does not exist. */
  readTextIfExists(path: string): Promise<string | undefined>;
  /** Writes `data` through `<path>.tmp` + rename, so readers never see half a file. */
  writeFileAtomic(path: string, data: Uint8Array | string, signal?: AbortSignal): Promise<void>;
  /** Opens `path` for writing: appended to when `append`, else created or truncated. */
  openForWrite(path: string, opts: { append: boolean }): Promise<WritableStream<Uint8Array>>;
  /** Renames `from` to `to` (atomic on one file system). */
  renameFile(from: string, to: string): Promise<void>;
  /** Removes `path`; no error when it does not exist. */
  removeIfExists(path: string): Promise<void>;
}

/**
 * Turns a configured `model` (manifest id, path or model URL) into a folder or `.onnx` file path
 * (or URL).
 */
export type ModelResolver = (model: string, signal: AbortSignal) => Promise<string>;

/** File access of the model loader. */
export interface ModelIo {
  /** The file's text, or `undefined` when it does not exist. */
  readonly readText: (path: string, signal?: AbortSignal) => Promise<string | undefined>;
  readonly readBytes: (path: string, signal: AbortSignal) => Promise<Uint8Array>;
  readonly isFile: (path: string) => Promise<boolean>;
}

/**
 * Where the local transformer modules find their models: a resolver per graph dtype and the
 * matching file access (Deno: the `models/` folder; Workers: R2).
 */
export interface ModelSource {
  /** The resolver for `dtype` (undefined: fp32 when present, else int8). */
  resolver(dtype: "fp32" | "int8" | undefined): ModelResolver;
  readonly io: ModelIo;
}

/**
 * Resolves a host name to its IPv4 and IPv6 addresses (A and AAAA), for the private-address guard
 * of per-request base URLs. Rejects when the name has no address. Only the Deno runtime has one:
 * Workers have no DNS API.
 */
export type HostResolver = (hostname: string, signal: AbortSignal) => Promise<readonly string[]>;

/** The part of Cloudflare's Workers AI binding (`env.AI`) the gateway uses; takes no signal. */
export interface AiBinding {
  run(model: string, input: unknown): Promise<unknown>;
}

/**
 * Where local ONNX inference may run on this platform (see `src/inference/session.ts`): a Deno
 * server may load onnxruntime-node and host sessions in a worker thread; Deno Deploy and
 * Cloudflare Workers run onnxruntime-web on the calling thread, single-threaded.
 */
export interface InferenceHost {
  /** For the fallback notice. */
  readonly platform: "deno-server" | "deno-deploy" | "workers";
  /** onnxruntime-node (a native addon) may be loaded. */
  readonly nativeAllowed: boolean;
  /** Inference threads when a model sets no `numThreads` (cores on a server, 1 at the edge). */
  readonly defaultThreads: number;
  /** Sessions run in a `Worker`, off the event loop. */
  readonly offThread: boolean;
}

/** What the platform provides. */
export interface Runtime {
  /** `deno` (local server, Deno Deploy) or `workers` (Cloudflare Workers, workerd). */
  readonly kind: "deno" | "workers";
  readonly env: EnvReader;
  /** Reads a data file named in the config (file system, bundled asset, R2, ...). */
  readonly readText: (path: string, signal: AbortSignal) => Promise<string>;
  /**
   * Opens a data file as a byte stream, where the platform can (Deno): large JSONL files are then
   * loaded line by line instead of as one string. Absent: `readText` is used.
   */
  readonly readStream?: (path: string, signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>;
  /** Where local models are read from. */
  readonly models: ModelSource;
  /** Model-folder file access; absent where there is no writable file system (Workers). */
  readonly files?: FileAccess;
  /** Worker bindings by name (Vectorize, R2, ...); empty on Deno. */
  readonly bindings: Readonly<Record<string, unknown>>;
  /** The Workers AI binding, on Cloudflare Workers only. */
  readonly ai?: AiBinding;
  /** Name resolution for the base-URL guard; absent on Workers (literal checks only there). */
  readonly resolveHost?: HostResolver;
  /** Writes one operator-facing line (stderr on Deno, console on Workers). */
  readonly log: (line: string) => void;
  /** Where local inference runs; absent: in-thread, `auto` tries native, 1 thread. */
  readonly inference?: InferenceHost;
}
